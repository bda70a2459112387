import NIOCore

/// Variant 2: header blocks handled as bytes (lines copied or dropped by name), bodies framed by
/// Content-Length only; no HTTP codec, no header strings.
enum ByteProxy {
    static func configure(_ channel: any Channel, settings: CeilingSettings) throws {
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ByteServer(settings: settings)))
    }
}

/// One header line or the request/status line, as offsets into the readable bytes.
struct HeadScan {
    /// Offset just past the blank line that ends the head, if the whole head is there.
    static func end(of buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            var index = 3
            while index < bytes.count {
                if bytes[index] == 10, bytes[index - 1] == 13, bytes[index - 2] == 10, bytes[index - 3] == 13 { return index + 1 }
                index += 1
            }
            return nil
        }
    }

    static func nameIs(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int, _ name: StaticString) -> Bool {
        guard end - start == name.utf8CodeUnitCount else { return false }
        let literal = name.utf8Start
        for offset in 0..<(end - start) where bytes[start + offset] | 0x20 != literal[offset] { return false }
        return true
    }

    static func number(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int {
        var value = 0
        for index in start..<end where bytes[index] >= 48 && bytes[index] <= 57 { value = value * 10 + Int(bytes[index] - 48) }
        return value
    }

    /// Copies the head's lines into `out` except those `drop` names; returns the Content-Length seen.
    static func copyLines(
        _ bytes: UnsafeRawBufferPointer, from start: Int, headEnd: Int, into out: inout ByteBuffer,
        drop: (UnsafeRawBufferPointer, Int, Int) -> Bool
    ) -> Int {
        var contentLength = 0
        var line = start
        while line < headEnd - 2 {
            var lineEnd = line
            while bytes[lineEnd] != 10 { lineEnd += 1 }
            var colon = line
            while colon < lineEnd, bytes[colon] != 58 { colon += 1 }
            if !drop(bytes, line, colon) {
                if nameIs(bytes, line, colon, "content-length") { contentLength = number(bytes, colon + 1, lineEnd) }
                out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[line...lineEnd]))
            }
            line = lineEnd + 1
        }
        return contentLength
    }
}

final class ByteServer: ByteToMessageDecoder {
    typealias InboundOut = Never
    private let settings: CeilingSettings
    private let injected: ByteBuffer

    init(settings: CeilingSettings) {
        self.settings = settings
        var injected = ByteBuffer()
        injected.writeString("Host: \(settings.hostValue)\r\n")
        for (name, value) in settings.injected { injected.writeString("\(name): \(value)\r\n") }
        injected.writeString("\r\n")
        self.injected = injected
    }

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let headEnd = HeadScan.end(of: buffer) else { return .needMoreData }
        var out = context.channel.allocator.buffer(capacity: headEnd + injected.readableBytes + settings.tenantPrefix.utf8.count)
        let contentLength = buffer.withUnsafeReadableBytes { bytes -> Int in
            var space = 0
            while bytes[space] != 32 { space += 1 }
            out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[0...space]))
            out.writeString(settings.tenantPrefix)
            var lineEnd = space + 1
            while bytes[lineEnd] != 10 { lineEnd += 1 }
            out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[(space + 1)...lineEnd]))
            return HeadScan.copyLines(bytes, from: lineEnd + 1, headEnd: headEnd, into: &out) { bytes, start, end in
                HeadScan.nameIs(bytes, start, end, "x-api-key") || HeadScan.nameIs(bytes, start, end, "host")
                    || HeadScan.nameIs(bytes, start, end, "connection")
            }
        }
        out.writeImmutableBuffer(injected)
        guard buffer.readableBytes >= headEnd + contentLength else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: headEnd)
        if contentLength > 0, var body = buffer.readSlice(length: contentLength) { out.writeBuffer(&body) }

        let pools = LoopPools.current(on: context.eventLoop)
        if let upstream = pools.bytes.popLast() {
            upstream.send(out, answerTo: context)
            return .continue
        }
        // Everything below runs on this loop: the bootstrap is bound to it.
        let bound = NIOLoopBound((ByteUpstream(), context, out), eventLoop: context.eventLoop)
        settings.connect(on: context.eventLoop) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(bound.value.0))
            }
        }.whenSuccess { _ in bound.value.0.send(bound.value.2, answerTo: bound.value.1) }
        return .continue
    }
}

final class ByteUpstream: ByteToMessageDecoder {
    typealias InboundOut = Never
    private var context: ChannelHandlerContext?
    private var partner: ChannelHandlerContext?

    func decoderAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func send(_ request: ByteBuffer, answerTo partner: ChannelHandlerContext) {
        guard let context else { return }
        self.partner = partner
        context.writeAndFlush(NIOAny(request), promise: nil)
    }

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let headEnd = HeadScan.end(of: buffer) else { return .needMoreData }
        var head = context.channel.allocator.buffer(capacity: headEnd)
        let contentLength = buffer.withUnsafeReadableBytes { bytes -> Int in
            var lineEnd = 0
            while bytes[lineEnd] != 10 { lineEnd += 1 }
            head.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[0...lineEnd]))
            return HeadScan.copyLines(bytes, from: lineEnd + 1, headEnd: headEnd, into: &head) { bytes, start, end in
                HeadScan.nameIs(bytes, start, end, "connection")
            }
        }
        head.writeStaticString("\r\n")
        guard buffer.readableBytes >= headEnd + contentLength else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: headEnd)
        guard let body = buffer.readSlice(length: contentLength), let partner else { return .continue }
        self.partner = nil
        partner.write(NIOAny(head), promise: nil)
        partner.writeAndFlush(NIOAny(body), promise: nil)
        LoopPools.current(on: context.eventLoop).bytes.append(self)
        return .continue
    }
}
