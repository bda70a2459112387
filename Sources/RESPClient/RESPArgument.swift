import NIOCore

/// One argument of a command: text, or bytes sent as they are (binary-safe), so values such as gzip bodies
/// reach Redis without a detour through `String`.
public enum RESPArgument: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case bytes(ByteBuffer)

    public init(stringLiteral value: String) {
        self = .text(value)
    }

    /// How many bytes the argument takes on the wire.
    var byteCount: Int {
        switch self {
        case .text(let text): return text.utf8.count
        case .bytes(let bytes): return bytes.readableBytes
        }
    }
}
