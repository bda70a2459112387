import NIOCore
import NIOHTTP1

/// Variant 1: NIO's HTTP/1 server and client codecs, parts forwarded as they come.
enum CodecProxy {
    static func configure(_ channel: any Channel, settings: CeilingSettings) throws {
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandler(CodecServer(settings: settings))
    }
}

final class CodecServer: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    private let settings: CeilingSettings
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?

    init(settings: CeilingSettings) {
        self.settings = settings
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(var head):
            head.headers.remove(name: "x-api-key")
            head.headers.replaceOrAdd(name: "host", value: settings.hostValue)
            for (name, value) in settings.injected { head.headers.add(name: name, value: value) }
            head.uri = settings.tenantPrefix + head.uri
            self.head = head
        case .body(var chunk):
            if self.body == nil { self.body = chunk } else { self.body?.writeBuffer(&chunk) }
        case .end:
            guard let head = self.head else { return }
            let body = self.body
            self.head = nil
            self.body = nil
            let pools = LoopPools.current(on: context.eventLoop)
            if let upstream = pools.codec.popLast() {
                upstream.send(head, body: body, answerTo: context)
                return
            }
            // Everything below runs on this loop: the bootstrap is bound to it.
            let bound = NIOLoopBound((CodecUpstream(), context), eventLoop: context.eventLoop)
            settings.connect(on: context.eventLoop) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(bound.value.0)
                }
            }.whenSuccess { _ in bound.value.0.send(head, body: body, answerTo: bound.value.1) }
        }
    }
}

final class CodecUpstream: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart
    private var context: ChannelHandlerContext?
    private var partner: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func send(_ head: HTTPRequestHead, body: ByteBuffer?, answerTo partner: ChannelHandlerContext) {
        guard let context else { return }
        self.partner = partner
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let partner else { return }
        switch Self.unwrapInboundIn(data) {
        case .head(var head):
            head.headers.remove(name: "connection")
            partner.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        case .body(let body):
            partner.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(body))), promise: nil)
        case .end:
            partner.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
            self.partner = nil
            LoopPools.current(on: context.eventLoop).codec.append(self)
        }
    }
}
