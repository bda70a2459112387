import Foundation
import SuperOfficeStandIn

/// What came back on one connection, parsed as far as it goes.
struct RawHTTPResponse {
    var raw: [UInt8]
    var connectionError: (any Error)?
    var status = 0
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// The head was complete.
    var hasHead = false

    init(raw: [UInt8], connectionError: (any Error)?) {
        self.raw = raw
        self.connectionError = connectionError
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = raw.indices.first(where: { raw[$0...].starts(with: separator) }) else { return }
        hasHead = true
        let headText = String(decoding: raw[..<end], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        headers = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        body = Array(raw[(end + 4)...])
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    func headerValues(_ name: String) -> [String] {
        headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }

    var text: String {
        String(decoding: body, as: UTF8.self)
    }

    /// The body with gzip undone when the answer says it is gzipped.
    func decodedBody() throws -> [UInt8] {
        header("Content-Encoding")?.lowercased() == "gzip" ? try StandInGzip.decompress(body) : body
    }

    /// The (decoded) body as a Foundation JSON object, for assertions.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try decodedBody()), options: [.fragmentsAllowed])
    }

    /// The body as an array of JSON objects (tasks).
    func jsonArray() throws -> [[String: Any]] {
        guard let array = try json() as? [[String: Any]] else { throw UnexpectedShape() }
        return array
    }

    func jsonObject() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else { throw UnexpectedShape() }
        return object
    }

    /// The body did not have the expected JSON shape.
    struct UnexpectedShape: Error {}
}
