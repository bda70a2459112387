import NIOCore
import NIOHTTP1

/// The handler next to the socket (or TLS): sends the serialized request bytes, absorbs the request head the
/// response decoder has observed, and notes when response bytes arrive.
///
/// Pipeline: [TLS] → wire → response decoder → connection. The connection writes the request head as an
/// `HTTPClientRequestPart` only so the decoder learns the method (a HEAD response has no body); the bytes
/// themselves go out through `send`, straight from here, so no encoder or validator sits on the path.
/// Noting arriving bytes before decoding lets the stale keep-alive retry tell "nothing came" from "half a
/// status line came".
final class UpstreamWireHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = ByteBuffer

    /// Cleared by the connection when it leaves the pipeline, which breaks the reference cycle.
    var connection: UpstreamConnection?
    private var context: ChannelHandlerContext?

    init(connection: UpstreamConnection) {
        self.connection = connection
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        self.connection = nil
    }

    /// Writes and flushes the request bytes (and a body too large to be inlined).
    func send(_ bytes: ByteBuffer, body: ByteBuffer?) {
        guard let context = self.context else { return }
        context.write(Self.wrapOutboundOut(bytes), promise: nil)
        if let body {
            context.write(Self.wrapOutboundOut(body), promise: nil)
        }
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.connection?.noteResponseBytes()
        context.fireChannelRead(data)
    }

    /// The request head, after the decoder recorded its method: its bytes were already sent by `send`.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        promise?.succeed(())
    }
}
