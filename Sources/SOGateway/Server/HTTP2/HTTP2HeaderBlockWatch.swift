import NIOCore

/// Passes the client's bytes on to the HTTP/2 handler unchanged, telling the connection guard when a header
/// block opens and closes (see `HTTP2FrameScanner`), so `limits.header_timeout` bounds a block that never
/// completes.
///
/// Sits between TLS and `NIOHTTP2Handler`: it sees the bytes before the library parses them, so a block's
/// end is reported before the stream it completes is created.
final class HTTP2HeaderBlockWatch: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var scanner = HTTP2FrameScanner()
    private let connection: HTTP2ConnectionGuard

    init(connection: HTTP2ConnectionGuard) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch scanner.scan(unwrapInboundIn(data)) {
        case .none: break
        case .blockOpened: connection.headerBlockOpened()
        case .blockClosed: connection.headerBlockClosed()
        }
        context.fireChannelRead(data)
    }
}
