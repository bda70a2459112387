/// A request body decoded by its Content-Type (JSON, XML or form, reference §6), with ASP.NET-like lenient
/// parameter lookup: names match case-insensitively in every format.
enum RequestBody: Sendable {
    case empty
    case json(JSONValue)
    case xml(XMLBodyNode)
    case form([(name: String, value: String)])

    /// Why a body could not be read; the message never quotes the body.
    enum Problem: Error, Equatable {
        case malformed(String)
        case unsupportedMediaType(String)
    }

    static func decode(_ bytes: [UInt8], contentType: String?) throws(Problem) -> RequestBody {
        let meaningful = bytes.contains { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard meaningful else { return .empty }
        let kind = contentType ?? sniff(bytes)
        switch kind {
        case "application/json", "text/json", "application/json-patch+json", "application/merge-patch+json":
            // Foundation's messages quote the input, so the answer names only the format.
            guard let value = try? JSONValue(jsonBytes: bytes) else { return try fail("The request body is not valid JSON.") }
            return .json(value)
        case "application/xml", "text/xml":
            do {
                return .xml(try XMLBodyNode(xmlBytes: bytes))
            } catch {
                return try fail("The request body is not valid XML: \(error.message).")
            }
        case "application/x-www-form-urlencoded":
            return .form(FormDecoder.pairs(String(decoding: bytes, as: UTF8.self)))
        default:
            if kind.hasSuffix("+json") { return try decode(bytes, contentType: "application/json") }
            throw .unsupportedMediaType(kind)
        }
    }

    private static func fail(_ message: String) throws(Problem) -> RequestBody {
        throw .malformed(message)
    }

    private static func sniff(_ bytes: [UInt8]) -> String {
        let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return "application/json"
        case UInt8(ascii: "<"): return "application/xml"
        default: return "application/x-www-form-urlencoded"
        }
    }
}
