import NIOCore

/// Writes a command as Redis expects it from clients: an array of bulk strings.
enum RESPCommandEncoding {
    /// The bytes `command` needs, so the buffer is allocated once.
    static func size(of command: [RESPArgument]) -> Int {
        var total = 16
        for argument in command {
            total += argument.byteCount + 16
        }
        return total
    }

    /// Appends `*N\r\n` then `$len\r\narg\r\n` for each argument.
    static func write(_ command: [RESPArgument], into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "*"))
        writeDecimal(command.count, into: &buffer)
        for argument in command {
            buffer.writeInteger(UInt8(ascii: "$"))
            writeDecimal(argument.byteCount, into: &buffer)
            switch argument {
            case .text(let text): buffer.writeString(text)
            case .bytes(let bytes): buffer.writeImmutableBuffer(bytes)
            }
            buffer.writeStaticString("\r\n")
        }
    }

    private static func writeDecimal(_ value: Int, into buffer: inout ByteBuffer) {
        buffer.writeString(String(value))
        buffer.writeStaticString("\r\n")
    }
}
