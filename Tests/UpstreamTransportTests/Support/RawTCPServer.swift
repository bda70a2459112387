import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// A TCP server that answers with scripted raw bytes, for upstreams that misbehave: garbage, silence, resets,
/// closing mid-body or closing a keep-alive connection just as the next request arrives.
final class RawTCPServer: Sendable {
    enum Action: Sendable {
        /// Write these bytes; then close (FIN) if asked.
        case reply(String, close: Bool)
        /// Write these bytes, then reset the connection (RST).
        case replyThenReset(String)
        /// Close the connection without answering.
        case close
        /// Never answer.
        case ignore
    }

    /// Called once per complete request head: the connection index (accept order), the request index on that
    /// connection, and the request's bytes.
    typealias Script = @Sendable (_ connection: Int, _ request: Int, _ text: String) -> Action

    let port: Int
    let log: ConnectionLog
    private let channel: any Channel

    private init(channel: any Channel, log: ConnectionLog) {
        self.channel = channel
        self.log = log
        self.port = channel.localAddress?.port ?? 0
    }

    static func start(group: any EventLoopGroup, script: @escaping Script) async throws -> RawTCPServer {
        let log = ConnectionLog(eventLoop: group.next())
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let index = log.connectionOpened()
                    channel.closeFuture.whenComplete { _ in log.connectionClosed() }
                    try channel.pipeline.syncOperations.addHandler(RawHandler(connection: index, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return RawTCPServer(channel: channel, log: log)
    }

    func stop() async {
        try? await self.channel.close()
    }

    private final class RawHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let connection: Int
        private let script: Script
        private var pending = ""
        private var requests = 0

        init(connection: Int, script: @escaping Script) {
            self.connection = connection
            self.script = script
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = Self.unwrapInboundIn(data)
            self.pending += String(buffer: buffer)
            while let end = self.pending.firstRange(of: "\r\n\r\n") {
                let request = String(self.pending[..<end.upperBound])
                self.pending = String(self.pending[end.upperBound...])
                let index = self.requests
                self.requests += 1
                self.perform(self.script(self.connection, index, request), context: context)
            }
        }

        private func perform(_ action: Action, context: ChannelHandlerContext) {
            switch action {
            case .reply(let text, let close):
                let written = context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: text)))
                if close {
                    written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                }
            case .replyThenReset(let text):
                let written = context.writeAndFlush(Self.wrapOutboundOut(ByteBuffer(string: text)))
                let channel = context.channel
                written.assumeIsolated().whenComplete { _ in
                    guard let options = channel as? any SocketOptionProvider else {
                        channel.close(promise: nil)
                        return
                    }
                    options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
                        channel.close(promise: nil)
                    }
                }
            case .close:
                context.close(promise: nil)
            case .ignore:
                break
            }
        }
    }
}
