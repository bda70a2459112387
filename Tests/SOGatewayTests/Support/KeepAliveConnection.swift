import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 keep-alive connection to the gateway, for tests that must know two requests shared a socket.
final class KeepAliveConnection: Sendable {
    private let channel: any Channel
    private let collector: ResponseCollector

    private init(channel: any Channel, collector: ResponseCollector) {
        self.channel = channel
        self.collector = collector
    }

    static func connect(port: Int) async throws -> KeepAliveConnection {
        let collector = ResponseCollector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(CollectorHandler(collector: collector))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return KeepAliveConnection(channel: channel, collector: collector)
    }

    /// Sends a GET and waits for its complete answer (status and body).
    func get(_ target: String, headers: [(String, String)]) async throws -> (HTTPResponseStatus, String) {
        let promise = channel.eventLoop.makePromise(of: (HTTPResponseStatus, String).self)
        collector.expect(promise)
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target)
        head.headers.add(name: "Host", value: "gateway")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil)).get()
        return try await promise.futureResult.get()
    }

    var isActive: Bool { channel.isActive }

    func close() async {
        try? await channel.close()
    }

    final class ResponseCollector: Sendable {
        private let state = NIOLockedValueBox<(EventLoopPromise<(HTTPResponseStatus, String)>?, HTTPResponseStatus, String)>((nil, .ok, ""))

        func expect(_ promise: EventLoopPromise<(HTTPResponseStatus, String)>) {
            state.withLockedValue { $0 = (promise, .ok, "") }
        }

        func head(_ status: HTTPResponseStatus) { state.withLockedValue { $0.1 = status } }
        func body(_ text: String) { state.withLockedValue { $0.2 += text } }

        func end() {
            let (promise, status, body) = state.withLockedValue { current in
                defer { current.0 = nil }
                return current
            }
            promise?.succeed((status, body))
        }

        func fail(_ error: any Error) {
            let promise = state.withLockedValue { current in
                defer { current.0 = nil }
                return current.0
            }
            promise?.fail(error)
        }
    }

    final class CollectorHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        let collector: ResponseCollector

        init(collector: ResponseCollector) { self.collector = collector }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): collector.head(head.status)
            case .body(let buffer): collector.body(String(buffer: buffer))
            case .end: collector.end()
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            collector.fail(ChannelError.ioOnClosedChannel)
            context.fireChannelInactive()
        }
    }
}
