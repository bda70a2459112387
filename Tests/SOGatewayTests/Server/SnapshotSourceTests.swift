import GatewayConfig
import NIOCore
import NIOPosix
import Testing
@testable import SOGateway

/// Requests read the snapshot in force on their own loop without a lock; a reload reaches every loop's next read.
@Suite("Snapshot source")
struct SnapshotSourceTests {
    static func snapshot() -> GatewaySnapshot {
        let configuration = GatewayConfiguration(
            upstream: UpstreamConfig(target: .url(UpstreamURL(scheme: "http", host: "127.0.0.1", basePath: "/Cust1")), credentials: .ticket("7T:t")),
            clients: []
        )
        return GatewaySnapshot(
            configuration: configuration, chain: StageChain([]), limits: configuration.limits, observer: SilentObserver(),
            cache: TaskCacheState(settings: configuration.cache)
        )
    }

    @Test("Each listed loop sees the initial snapshot, then the replacement on its next read; other loops read under the lock")
    func replacementReachesEveryLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let other = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loops = Array(group.makeIterator())
        let first = Self.snapshot()
        let second = Self.snapshot()
        let source = SnapshotSource(first, loops: loops)
        for loop in loops {
            #expect(try await loop.submit { source.current(on: loop) === first }.get())
        }
        source.replace(with: second)
        for loop in loops {
            #expect(try await loop.submit { source.current(on: loop) === second }.get())
            #expect(try await loop.submit { source.current(on: loop) === second }.get(), "and keeps it")
        }
        let stranger = other.next()
        #expect(try await stranger.submit { source.current(on: stranger) === second }.get())
        #expect(source.current === second)
        try await group.shutdownGracefully()
        try await other.shutdownGracefully()
    }
}
