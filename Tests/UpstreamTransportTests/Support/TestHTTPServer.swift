import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small well-behaved HTTP/1.1 server on 127.0.0.1 whose answers a test scripts per request.
final class TestHTTPServer: Sendable {
    /// What to answer. `chunked` sends the body in `chunkSize` pieces with chunked framing.
    struct Reply: Sendable {
        var status: HTTPResponseStatus = .ok
        var version: HTTPVersion = .http1_1
        var headers: [(String, String)] = []
        var body: ByteBuffer?
        var chunked = false
        var chunkSize = 1000
        /// Sends `Content-Length` with this value and no body (for HEAD/204/304 tests).
        var declaredLengthWithoutBody: Int?
        /// Never answer this request.
        var silent = false

        init(
            status: HTTPResponseStatus = .ok,
            version: HTTPVersion = .http1_1,
            headers: [(String, String)] = [],
            body: String? = nil,
            chunked: Bool = false,
            chunkSize: Int = 1000,
            declaredLengthWithoutBody: Int? = nil,
            silent: Bool = false
        ) {
            self.status = status
            self.version = version
            self.headers = headers
            self.body = body.map { ByteBuffer(string: $0) }
            self.chunked = chunked
            self.chunkSize = chunkSize
            self.declaredLengthWithoutBody = declaredLengthWithoutBody
            self.silent = silent
        }
    }

    /// The request as the server saw it.
    struct Received: Sendable {
        var head: HTTPRequestHead
        var body: ByteBuffer
        /// 0-based index of the connection it arrived on, in accept order.
        var connection: Int
    }

    typealias Responder = @Sendable (Received) -> Reply

    let port: Int
    let log: ConnectionLog
    private let channel: any Channel
    private let received: NIOLockedValueBox<[Received]>

    /// Every request received so far, in arrival order.
    var requests: [Received] { self.received.withLockedValue { $0 } }

    private init(channel: any Channel, log: ConnectionLog, received: NIOLockedValueBox<[Received]>) {
        self.channel = channel
        self.log = log
        self.received = received
        self.port = channel.localAddress?.port ?? 0
    }

    static func start(
        group: any EventLoopGroup,
        tls: NIOSSLContext? = nil,
        responder: @escaping Responder = { _ in Reply(body: "hello") }
    ) async throws -> TestHTTPServer {
        let log = ConnectionLog(eventLoop: group.next())
        let received = NIOLockedValueBox<[Received]>([])
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let index = log.connectionOpened()
                    channel.closeFuture.whenComplete { _ in log.connectionClosed() }
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        try sync.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try sync.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
                    try sync.addHandler(
                        TestHTTPHandler(connection: index, responder: responder) { request in
                            received.withLockedValue { $0.append(request) }
                        }
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return TestHTTPServer(channel: channel, log: log, received: received)
    }

    func stop() async {
        try? await self.channel.close()
    }
}
