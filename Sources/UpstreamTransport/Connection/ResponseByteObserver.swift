import NIOCore

/// Tells the connection that response bytes arrived, before the HTTP decoder has enough for a head.
///
/// The stale keep-alive retry is only safe while the upstream has sent nothing at all for the request; the
/// decoder alone cannot tell "nothing" from "half a status line".
final class ResponseByteObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let connection: UpstreamConnection

    init(connection: UpstreamConnection) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.connection.noteResponseBytes()
        context.fireChannelRead(data)
    }
}
