import NIOCore
import NIOHTTP1

/// An RFC 9457 problem detail: every error the gateway itself produces is one of these, so partners
/// can handle gateway errors uniformly and never see a stack trace or a secret.
public struct Problem: Sendable, Error {
    public var status: HTTPResponseStatus
    /// A short slug; the `type` member is `urn:so-gateway:problem:<slug>`.
    public var slug: String
    public var title: String
    public var detail: String?
    /// Extra headers the answer must carry (`WWW-Authenticate`, `Retry-After`, ...).
    public var headers: [(String, String)]
    /// Extra members in the JSON body (numbers or strings only).
    public var extensions: [(String, ProblemValue)]

    public init(
        status: HTTPResponseStatus,
        slug: String,
        title: String,
        detail: String? = nil,
        headers: [(String, String)] = [],
        extensions: [(String, ProblemValue)] = []
    ) {
        self.status = status
        self.slug = slug
        self.title = title
        self.detail = detail
        self.headers = headers
        self.extensions = extensions
    }

    /// The `type` URI of this problem.
    public var type: String { "urn:so-gateway:problem:\(slug)" }

    /// Renders the problem as an `application/problem+json` answer carrying the request id.
    public func response(requestId: String) -> GatewayResponse {
        var json = JSONWriter()
        json.beginObject()
        json.member("type", string: type)
        json.member("title", string: title)
        json.member("status", int: Int(status.code))
        if let detail {
            json.member("detail", string: detail)
        }
        json.member("request_id", string: requestId)
        for (name, value) in extensions {
            switch value {
            case .string(let s): json.member(name, string: s)
            case .int(let i): json.member(name, int: i)
            }
        }
        json.endObject()
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/problem+json")
        headers.add(name: "Cache-Control", value: "no-store")
        for (name, value) in self.headers {
            headers.add(name: name, value: value)
        }
        var response = GatewayResponse(status: status, headers: headers, body: json.buffer())
        response.annotations.problemType = slug
        return response
    }
}

/// A value allowed in a problem's extension members.
public enum ProblemValue: Sendable {
    case string(String)
    case int(Int)
}
