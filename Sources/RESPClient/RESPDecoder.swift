import NIOCore

/// Turns the byte stream from Redis into `RESPValue`s, one per reply, refusing replies beyond the limits.
struct RESPDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPValue

    private let parser: RESPParser
    /// Bytes the reply at the front is known to need before it can parse (from a bulk length seen earlier).
    private var awaitedBytes = 0

    init(limits: RESPDecoderLimits) {
        self.parser = RESPParser(limits: limits)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard buffer.readableBytes >= awaitedBytes else { return .needMoreData }
        var scratch = buffer
        var needed = 0
        guard let value = try parser.parse(&scratch, needed: &needed) else {
            guard buffer.readableBytes <= parser.limits.maxReplyBytes else {
                throw RESPError.protocolError("reply larger than \(parser.limits.maxReplyBytes) bytes")
            }
            awaitedBytes = needed
            return .needMoreData
        }
        awaitedBytes = 0
        buffer.moveReaderIndex(to: scratch.readerIndex)
        context.fireChannelRead(Self.wrapInboundOut(value))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A reply cut off by the close is dropped; its command fails with `connectionClosed`.
        try decode(context: context, buffer: &buffer)
    }
}
