import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import UpstreamTransport

@Suite struct ConcurrencyTests {
    @Test func parallelRequestsStayWithinTheConnectionLimitAndAllSucceed() async throws {
        var configuration = UpstreamPoolConfiguration()
        configuration.maxConnectionsPerEventLoop = 4
        try await withPool(configuration: configuration) { group, pool in
            let server = try await TestHTTPServer.start(group: group) { request in
                .init(body: request.head.uri)
            }
            let loop = group.next()
            let endpoint = local(server.port)
            // Issued within one loop tick, so a pool without a limit would open 40 connections.
            let futures = try await loop.submit {
                (0..<40).map { index in
                    pool.execute(UpstreamRequest(method: .GET, target: "/\(index)", timeout: .seconds(10)), to: endpoint, on: loop)
                }
            }.get()
            let responses = try await EventLoopFuture.whenAllSucceed(futures, on: loop).get()
            #expect(responses.map(\.text) == (0..<40).map { "/\($0)" })
            #expect(server.log.opened == 4)
            await server.stop()
        }
    }

    @Test func queuedRequestHonoursItsTimeout() async throws {
        var configuration = UpstreamPoolConfiguration()
        configuration.maxConnectionsPerEventLoop = 1
        try await withPool(configuration: configuration) { group, pool in
            let server = try await TestHTTPServer.start(group: group) { request in
                request.head.uri == "/slow" ? .init(silent: true) : .init(body: "fast")
            }
            let loop = group.next()
            let endpoint = local(server.port)
            let slow = pool.execute(UpstreamRequest(method: .GET, target: "/slow", timeout: .seconds(30)), to: endpoint, on: loop)
            let started = ContinuousClock.now
            await #expect(throws: UpstreamError.timeout) {
                try await pool.send(.GET, "/fast", to: endpoint, on: loop, timeout: .milliseconds(200))
            }
            // Generous bound: the point is that it did not wait for the slow request's 30 s.
            #expect(ContinuousClock.now - started < .seconds(10))
            // The queued request never reached the server: only one connection, one request.
            #expect(server.log.opened == 1)
            #expect(server.requests.map(\.head.uri) == ["/slow"])
            await pool.shutdown()
            await #expect(throws: UpstreamError.shutdown) { try await slow.get() }
            await server.stop()
        }
    }

    @Test func queuedRequestRunsWhenAConnectionIsReleased() async throws {
        var configuration = UpstreamPoolConfiguration()
        configuration.maxConnectionsPerEventLoop = 1
        try await withPool(configuration: configuration) { group, pool in
            let server = try await TestHTTPServer.start(group: group) { request in
                .init(body: request.head.uri)
            }
            let loop = group.next()
            let endpoint = local(server.port)
            let futures = try await loop.submit {
                ["/a", "/b", "/c"].map {
                    pool.execute(UpstreamRequest(method: .GET, target: $0), to: endpoint, on: loop)
                }
            }.get()
            let responses = try await EventLoopFuture.whenAllSucceed(futures, on: loop).get()
            // FIFO: the waiters ran in arrival order on the one connection.
            #expect(responses.map(\.text) == ["/a", "/b", "/c"])
            #expect(server.requests.map(\.head.uri) == ["/a", "/b", "/c"])
            #expect(server.log.opened == 1)
            await server.stop()
        }
    }

    @Test func connectionFreedByAFailureServesTheNextWaiter() async throws {
        var configuration = UpstreamPoolConfiguration()
        configuration.maxConnectionsPerEventLoop = 1
        try await withPool(configuration: configuration) { group, pool in
            let server = try await RawTCPServer.start(group: group) { _, _, text in
                text.hasPrefix("GET /garbage") ? .reply("nonsense\r\n\r\n", close: false)
                    : .reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", close: false)
            }
            let loop = group.next()
            let endpoint = local(server.port)
            let futures = try await loop.submit {
                ["/garbage", "/fine"].map {
                    pool.execute(UpstreamRequest(method: .GET, target: $0, timeout: .seconds(5)), to: endpoint, on: loop)
                }
            }.get()
            await #expect(throws: UpstreamError.self) { try await futures[0].get() }
            let fine = try await futures[1].get()
            #expect(fine.text == "ok")
            #expect(server.log.opened == 2)
            await server.stop()
        }
    }
}
