import NIOCore
import NIOHTTP1

/// The per-connection handler of `TestHTTPServer`: collects a request, asks the responder, writes the reply.
final class TestHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let connection: Int
    private let responder: TestHTTPServer.Responder
    private let record: @Sendable (TestHTTPServer.Received) -> Void
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(
        connection: Int,
        responder: @escaping TestHTTPServer.Responder,
        record: @escaping @Sendable (TestHTTPServer.Received) -> Void
    ) {
        self.connection = connection
        self.responder = responder
        self.record = record
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            self.body.clear()
        case .body(var chunk):
            self.body.writeBuffer(&chunk)
        case .end:
            guard let head = self.head else { return }
            let request = TestHTTPServer.Received(head: head, body: self.body, connection: self.connection)
            self.record(request)
            self.reply(self.responder(request), to: head, context: context)
        }
    }

    private func reply(_ reply: TestHTTPServer.Reply, to request: HTTPRequestHead, context: ChannelHandlerContext) {
        if reply.silent { return }
        var headers = HTTPHeaders(reply.headers)
        if let declared = reply.declaredLengthWithoutBody {
            headers.replaceOrAdd(name: "content-length", value: String(declared))
        } else if reply.chunked {
            headers.replaceOrAdd(name: "transfer-encoding", value: "chunked")
        } else {
            headers.replaceOrAdd(name: "content-length", value: String(reply.body?.readableBytes ?? 0))
        }
        let repliesClose = reply.headers.contains { $0.0.lowercased() == "connection" && $0.1.lowercased() == "close" }
        let keepAlive = request.isKeepAlive && reply.version == .http1_1 && !repliesClose
        if !keepAlive {
            headers.replaceOrAdd(name: "connection", value: "close")
        }
        let head = HTTPResponseHead(version: reply.version, status: reply.status, headers: headers)
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        if reply.declaredLengthWithoutBody == nil, var body = reply.body {
            if reply.chunked {
                while body.readableBytes > 0, let piece = body.readSlice(length: min(reply.chunkSize, body.readableBytes)) {
                    context.writeAndFlush(Self.wrapOutboundOut(.body(.byteBuffer(piece))), promise: nil)
                }
            } else {
                context.write(Self.wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            }
        }
        let done = context.writeAndFlush(Self.wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
