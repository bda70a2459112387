import NIOHTTP1

/// An answer before it is written: status, headers (Content-Length is added on write) and body bytes.
struct StandInResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: [UInt8]

    init(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static let jsonContentType = "application/json; charset=utf-8"

    /// A JSON answer; should Foundation refuse to write the value, a plain 500 says so instead of a wrong body.
    static func json(_ value: JSONValue, status: HTTPResponseStatus = .ok) -> StandInResponse {
        do {
            return StandInResponse(status: status, headers: ["Content-Type": jsonContentType], body: try value.jsonBytes())
        } catch {
            return .text("The stand-in could not write its answer as JSON.", status: .internalServerError)
        }
    }

    static func text(_ text: String, status: HTTPResponseStatus, contentType: String = "text/plain; charset=utf-8") -> StandInResponse {
        StandInResponse(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }

    static func noContent() -> StandInResponse {
        StandInResponse(status: .noContent)
    }
}
