import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// One partner connection for the slow-client and flood tests, over plain TCP or TLS with the ALPN protocols
/// given: it writes exactly the bytes a test hands it (raw HTTP/1.1, raw HTTP/2 frames, or a trickled TLS
/// record) and records what comes back, when the TLS handshake finished and when the gateway closed it.
final class PartnerConnection: Sendable {
    enum Transport: Sendable {
        case tcp
        case tls(alpn: [String])
    }

    private struct Record {
        var received: [UInt8] = []
        var handshakeAt: ContinuousClock.Instant?
        var negotiated: String?
        var closedAt: ContinuousClock.Instant?
    }

    let channel: any Channel
    /// When the TCP connection was established: the start of every deadline the gateway runs.
    let openedAt: ContinuousClock.Instant
    private let record: NIOLockedValueBox<Record>

    private init(channel: any Channel, openedAt: ContinuousClock.Instant, record: NIOLockedValueBox<Record>) {
        self.channel = channel
        self.openedAt = openedAt
        self.record = record
    }

    static func connect(port: Int, _ transport: Transport) async throws -> PartnerConnection {
        let record = NIOLockedValueBox(Record())
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if case .tls(let alpn) = transport {
                        var tls = TLSConfiguration.makeClientConfiguration()
                        tls.certificateVerification = .none
                        tls.applicationProtocols = alpn
                        try sync.addHandler(NIOSSLClientHandler(context: NIOSSLContext(configuration: tls), serverHostname: nil))
                    }
                    try sync.addHandler(Recorder(record: record))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return PartnerConnection(channel: channel, openedAt: .now, record: record)
    }

    /// Everything the gateway sent (decrypted, with TLS).
    var received: [UInt8] { record.withLockedValue { $0.received } }
    var isClosed: Bool { record.withLockedValue { $0.closedAt != nil } }
    /// The protocol ALPN chose, once the handshake is done.
    var negotiated: String? { record.withLockedValue { $0.negotiated } }

    /// Writes `bytes` at once; false when the gateway already closed the connection.
    @discardableResult
    func write(_ bytes: [UInt8]) async -> Bool {
        do {
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
            return true
        } catch {
            return false
        }
    }

    /// Writes `bytes` in pieces of `size`, pausing `pause` between them, until all are sent or the gateway
    /// closes the connection.
    func trickle(_ bytes: [UInt8], size: Int = 1, pause: Duration) async {
        var start = 0
        while start < bytes.count, !isClosed {
            let end = min(start + size, bytes.count)
            guard await write(Array(bytes[start..<end])) else { return }
            start = end
            try? await Task.sleep(for: pause)
        }
    }

    /// Waits up to `timeout` for the TLS handshake; true when it finished.
    func waitForHandshake(timeout: Duration = .seconds(10)) async -> Bool {
        await waitUntil(timeout: timeout) { $0.handshakeAt != nil }
    }

    /// Waits up to `timeout` for the gateway to close the connection; returns how long after the TCP connect
    /// it closed, or nil while it is still open.
    func waitForClose(timeout: Duration) async -> Duration? {
        _ = await waitUntil(timeout: timeout) { $0.closedAt != nil }
        return record.withLockedValue { $0.closedAt }.map { $0 - openedAt }
    }

    /// Waits up to `timeout` until the bytes received satisfy `condition`.
    func waitForReceived(timeout: Duration, _ condition: @escaping @Sendable ([UInt8]) -> Bool) async -> Bool {
        await waitUntil(timeout: timeout) { condition($0.received) }
    }

    func close() async {
        try? await channel.close().get()
    }

    /// Polls a condition on the record (every 10 ms) until it holds or `timeout` passes.
    private func waitUntil(timeout: Duration, _ condition: @escaping @Sendable (Record) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if record.withLockedValue({ condition($0) }) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return record.withLockedValue { condition($0) }
    }

    /// Collects the gateway's bytes and the moments that matter.
    private final class Recorder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let record: NIOLockedValueBox<Record>

        init(record: NIOLockedValueBox<Record>) {
            self.record = record
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            record.withLockedValue { $0.received += buffer.readableBytesView }
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case TLSUserEvent.handshakeCompleted(let negotiated) = event {
                record.withLockedValue {
                    $0.handshakeAt = .now
                    $0.negotiated = negotiated
                }
            }
            context.fireUserInboundEventTriggered(event)
        }

        func channelInactive(context: ChannelHandlerContext) {
            record.withLockedValue { $0.closedAt = .now }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            // An unclean TLS shutdown or a reset is the gateway cutting the connection off: close our side.
            context.close(promise: nil)
        }
    }
}
