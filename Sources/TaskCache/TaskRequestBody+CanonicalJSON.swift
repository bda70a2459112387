import NIOCore

extension TaskRequestBody {
    /// The body as minimal JSON (`{"AssociateIds":[..]}` plus `State` or `Name`), so the gateway can forward
    /// exactly what it keyed on: upstream then cannot read a differently-spelled original body (duplicate or
    /// oddly-cased keys, XML, form) in a way that differs from the cache key.
    /// - Parameters:
    ///   - endpoint: the endpoint the body is for; decides whether `extra` is `State`, `Name` or absent.
    ///   - allocator: allocates the buffer.
    /// - Returns: UTF-8 JSON, to be sent with `Content-Type: application/json; charset=utf-8`.
    public func canonicalJSON(for endpoint: TaskEndpoint, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 24 + associates.count * 8 + extra.utf8.count)
        buffer.writeStaticString("{\"AssociateIds\":[")
        for (index, id) in associates.ids.enumerated() {
            if index > 0 {
                buffer.writeStaticString(",")
            }
            buffer.writeString(String(id))
        }
        buffer.writeStaticString("]")
        switch endpoint {
        case .getBatchTaskInfosByAssociates:
            break
        case .getBatchTaskInfosByAssociatesAndState:
            buffer.writeStaticString(",\"State\":")
            Self.writeJSONString(extra, to: &buffer)
        case .getBatchTaskInfosByNameAndAssociates:
            buffer.writeStaticString(",\"Name\":")
            Self.writeJSONString(extra, to: &buffer)
        }
        buffer.writeStaticString("}")
        return buffer
    }

    /// Writes a JSON string literal, escaping quotes, backslashes and control characters.
    static func writeJSONString(_ text: String, to buffer: inout ByteBuffer) {
        buffer.writeStaticString("\"")
        let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                buffer.writeStaticString("\\\"")
            case UInt8(ascii: "\\"):
                buffer.writeStaticString("\\\\")
            case 0..<0x20:
                buffer.writeStaticString("\\u00")
                buffer.writeInteger(hexDigits[Int(byte >> 4)])
                buffer.writeInteger(hexDigits[Int(byte & 0x0F)])
            default:
                buffer.writeInteger(byte)
            }
        }
        buffer.writeStaticString("\"")
    }
}
