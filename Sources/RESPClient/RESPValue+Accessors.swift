import NIOCore

extension RESPValue {
    /// The text of a simple string or a (UTF-8) bulk string; `nil` for anything else or a null bulk string.
    public var string: String? {
        switch self {
        case .simpleString(let text): return text
        case .bulkString(.some(let bytes)): return String(buffer: bytes)
        default: return nil
        }
    }

    /// The value of an integer reply, or of a bulk/simple string holding a decimal integer.
    public var integer: Int64? {
        switch self {
        case .integer(let number): return number
        case .simpleString, .bulkString: return string.flatMap { Int64($0) }
        default: return nil
        }
    }

    /// The elements of a non-null array reply.
    public var array: [RESPValue]? {
        if case .array(.some(let elements)) = self { return elements }
        return nil
    }

    /// Whether this is the null bulk string or the null array.
    public var isNull: Bool {
        switch self {
        case .bulkString(nil), .array(nil): return true
        default: return false
        }
    }

    /// A bulk string reply made from text, for building expected values and tests.
    public static func bulk(_ text: String) -> RESPValue {
        .bulkString(ByteBuffer(string: text))
    }
}
