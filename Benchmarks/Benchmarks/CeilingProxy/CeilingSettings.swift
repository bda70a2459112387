import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// What the nginx peer injects (`../shared/bench/peer.nginx.conf`), and where upstream is.
struct CeilingSettings: Sendable {
    let upstreamPort: Int
    let tenantPrefix = "/Cust12345"
    var hostValue: String { "127.0.0.1:\(upstreamPort)" }
    let injected: [(String, String)] = [
        ("Authorization", "SOTicket 7T:benchmarkticket"),
        ("SO-AppToken", "benchmark-app-token"),
        ("SO-TimeZone", "UTC"),
    ]

    /// Connects one upstream connection on `loop` with `initializer` as its pipeline.
    func connect(
        on loop: any EventLoop, _ initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel> {
        ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer(initializer)
            .connect(host: "127.0.0.1", port: upstreamPort)
    }
}

/// Idle upstream connections of one event loop, touched only on that loop. The map from loop to pools is built
/// before the listener starts and never changes, so reading it from every loop is safe.
final class LoopPools: @unchecked Sendable {
    var codec: [CodecUpstream] = []
    var bytes: [ByteUpstream] = []

    private static let lock = NIOLock()
    private nonisolated(unsafe) static var byLoop: [ObjectIdentifier: LoopPools] = [:]

    static func prepare(_ group: any EventLoopGroup) {
        lock.withLock {
            for loop in group.makeIterator() { byLoop[ObjectIdentifier(loop)] = LoopPools() }
        }
    }

    /// The pools of the loop the caller runs on.
    static func current(on loop: any EventLoop) -> LoopPools {
        loop.preconditionInEventLoop()
        guard let pools = byLoop[ObjectIdentifier(loop)] else { preconditionFailure("LoopPools.prepare was not called") }
        return pools
    }
}
