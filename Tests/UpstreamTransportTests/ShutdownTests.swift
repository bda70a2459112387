import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import UpstreamTransport

@Suite struct ShutdownTests {
    @Test func shutdownFailsRunningAndQueuedRequestsAndRejectsNewOnes() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = UpstreamPoolConfiguration()
        configuration.maxConnectionsPerEventLoop = 1
        let pool = try NIOUpstreamPool(group: group, configuration: configuration)
        let server = try await TestHTTPServer.start(group: group) { _ in .init(silent: true) }
        let loop = group.next()
        let endpoint = local(server.port)
        let running = pool.execute(UpstreamRequest(method: .GET, target: "/running"), to: endpoint, on: loop)
        let queued = pool.execute(UpstreamRequest(method: .GET, target: "/queued"), to: endpoint, on: loop)

        await pool.shutdown()

        await #expect(throws: UpstreamError.shutdown) { try await running.get() }
        await #expect(throws: UpstreamError.shutdown) { try await queued.get() }
        await #expect(throws: UpstreamError.shutdown) {
            try await pool.send(to: endpoint, on: loop)
        }
        await server.stop()
        try await group.shutdownGracefully()
    }

    @Test func shutdownClosesIdleConnections() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pool = try NIOUpstreamPool(group: group, configuration: .init())
        let server = try await TestHTTPServer.start(group: group)
        _ = try await pool.send(to: local(server.port), on: group.next())
        #expect(server.log.closed == 0)

        await pool.shutdown()

        try await server.log.waitForClosed(atLeast: 1)
        await server.stop()
        try await group.shutdownGracefully()
    }

    @Test func shutdownRejectsRequestsOnLoopsOutsideTheGroup() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let other = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pool = try NIOUpstreamPool(group: group, configuration: .init())
        await pool.shutdown()
        await #expect(throws: UpstreamError.shutdown) {
            try await pool.send(to: local(1), on: other.next())
        }
        try await other.shutdownGracefully()
        try await group.shutdownGracefully()
    }
}
