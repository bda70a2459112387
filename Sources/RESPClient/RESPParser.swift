import NIOCore

/// Parses one RESP2 value from the front of a buffer, within `RESPDecoderLimits`, so the channel decoder
/// stays a thin loop and the grammar can be tested without a channel.
struct RESPParser {
    let limits: RESPDecoderLimits

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Reads one complete value, advancing `buffer`'s reader index past it.
    ///
    /// Returns `nil` when the value has not fully arrived; `buffer` is then left part-read, so callers pass
    /// a copy. `needed` is set to a lower bound on the bytes (from the starting reader index) the value
    /// needs, when known, so the caller can skip re-parsing until that many have arrived.
    func parse(_ buffer: inout ByteBuffer, needed: inout Int) throws(RESPError) -> RESPValue? {
        try parseValue(&buffer, depth: 0, origin: buffer.readerIndex, needed: &needed)
    }

    private func parseValue(_ buffer: inout ByteBuffer, depth: Int, origin: Int, needed: inout Int) throws(RESPError) -> RESPValue? {
        guard let marker = buffer.readInteger(as: UInt8.self) else { return nil }
        switch marker {
        case UInt8(ascii: "+"):
            guard let line = try readLine(&buffer) else { return nil }
            return .simpleString(String(buffer: line))
        case UInt8(ascii: "-"):
            guard let line = try readLine(&buffer) else { return nil }
            return .error(String(buffer: line))
        case UInt8(ascii: ":"):
            guard let line = try readLine(&buffer) else { return nil }
            return .integer(try Self.integer(line))
        case UInt8(ascii: "$"):
            return try parseBulk(&buffer, origin: origin, needed: &needed)
        case UInt8(ascii: "*"):
            return try parseArray(&buffer, depth: depth + 1, origin: origin, needed: &needed)
        default:
            throw .protocolError("unexpected reply type byte \(marker)")
        }
    }

    private func parseBulk(_ buffer: inout ByteBuffer, origin: Int, needed: inout Int) throws(RESPError) -> RESPValue? {
        guard let line = try readLine(&buffer) else { return nil }
        let length = try Self.integer(line)
        if length == -1 { return .bulkString(nil) }
        guard length >= 0 else { throw .protocolError("negative bulk length \(length)") }
        guard length <= Int64(limits.maxBulkLength) else {
            throw .protocolError("bulk string of \(length) bytes exceeds the limit of \(limits.maxBulkLength)")
        }
        let size = Int(length)
        guard buffer.readableBytes >= size + 2 else {
            needed = buffer.readerIndex - origin + size + 2
            return nil
        }
        guard let payload = buffer.readSlice(length: size),
              buffer.readInteger(as: UInt8.self) == Self.cr, buffer.readInteger(as: UInt8.self) == Self.lf
        else { throw .protocolError("bulk string not terminated by CRLF") }
        return .bulkString(payload)
    }

    private func parseArray(_ buffer: inout ByteBuffer, depth: Int, origin: Int, needed: inout Int) throws(RESPError) -> RESPValue? {
        guard let line = try readLine(&buffer) else { return nil }
        let count = try Self.integer(line)
        if count == -1 { return .array(nil) }
        guard count >= 0 else { throw .protocolError("negative array length \(count)") }
        guard count <= Int64(limits.maxArrayCount) else {
            throw .protocolError("array of \(count) elements exceeds the limit of \(limits.maxArrayCount)")
        }
        guard depth <= limits.maxDepth else {
            throw .protocolError("arrays nested deeper than \(limits.maxDepth)")
        }
        var elements = [RESPValue]()
        elements.reserveCapacity(min(Int(count), 64))
        for _ in 0..<count {
            guard let element = try parseValue(&buffer, depth: depth, origin: origin, needed: &needed) else { return nil }
            elements.append(element)
        }
        return .array(elements)
    }

    /// Reads up to CRLF and returns the line without it; `nil` until the CRLF has arrived.
    private func readLine(_ buffer: inout ByteBuffer) throws(RESPError) -> ByteBuffer? {
        let view = buffer.readableBytesView
        guard let crIndex = view.firstIndex(of: Self.cr) else {
            guard view.count <= limits.maxLineLength else {
                throw .protocolError("line longer than \(limits.maxLineLength) bytes")
            }
            return nil
        }
        let length = crIndex - view.startIndex
        guard length <= limits.maxLineLength else { throw .protocolError("line longer than \(limits.maxLineLength) bytes") }
        guard view.count > length + 1 else { return nil }
        guard view[crIndex + 1] == Self.lf else { throw .protocolError("CR not followed by LF") }
        guard let line = buffer.readSlice(length: length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 2)
        return line
    }

    /// Parses a signed decimal integer line strictly (no spaces, no plus sign, no overflow).
    static func integer(_ line: ByteBuffer) throws(RESPError) -> Int64 {
        let view = line.readableBytesView
        var index = view.startIndex
        var negative = false
        if index < view.endIndex, view[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < view.endIndex else { throw .protocolError("empty integer") }
        var value: Int64 = 0
        while index < view.endIndex {
            let byte = view[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                throw .protocolError("invalid integer")
            }
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative
                ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw .protocolError("integer out of range") }
            value = next
            index += 1
        }
        return value
    }
}
