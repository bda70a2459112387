import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import UpstreamTransport

/// The upstream closes a kept-alive connection just as the next request arrives: connection 0 answers its first
/// request and closes without answering the second; every later connection answers normally.
@Suite struct StaleConnectionRetryTests {
    private static let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

    private static func closesSecondRequestOnFirstConnection() -> RawTCPServer.Script {
        { connection, request, _ in
            connection == 0 && request == 1 ? .close : .reply(Self.ok, close: false)
        }
    }

    @Test(arguments: [HTTPMethod.GET, .HEAD, .PUT, .DELETE, .OPTIONS])
    func idempotentRequestIsRetriedOnAFreshConnection(method: HTTPMethod) async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group, script: Self.closesSecondRequestOnFirstConnection())
            let loop = group.next()
            _ = try await pool.send(to: local(server.port), on: loop)
            let retried = try await pool.send(method, "/again", to: local(server.port), on: loop)
            #expect(retried.status == .ok)
            #expect(server.log.opened == 2)
            await server.stop()
        }
    }

    @Test func postIsNotRetriedByDefault() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group, script: Self.closesSecondRequestOnFirstConnection())
            let loop = group.next()
            _ = try await pool.send(to: local(server.port), on: loop)
            await #expect(throws: UpstreamError.connectionClosed) {
                try await pool.send(.POST, "/write", to: local(server.port), on: loop, body: "{}")
            }
            #expect(server.log.opened == 1)
            await server.stop()
        }
    }

    @Test func postIsRetriedWhenTheCallerAllowsIt() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group, script: Self.closesSecondRequestOnFirstConnection())
            let loop = group.next()
            _ = try await pool.send(to: local(server.port), on: loop)
            let retried = try await pool.send(
                .POST, "/read-only-agent", to: local(server.port), on: loop, body: "{}", retryOnStaleConnection: true
            )
            #expect(retried.text == "ok")
            #expect(server.log.opened == 2)
            await server.stop()
        }
    }

    @Test func noRetryOnceResponseBytesArrived() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group) { connection, request, _ in
                connection == 0 && request == 1 ? .reply("HTTP/1.1 20", close: true) : .reply(Self.ok, close: false)
            }
            let loop = group.next()
            _ = try await pool.send(to: local(server.port), on: loop)
            await #expect(throws: UpstreamError.connectionClosed) {
                try await pool.send(to: local(server.port), on: loop)
            }
            #expect(server.log.opened == 1)
            await server.stop()
        }
    }

    @Test func aFreshConnectionClosedBeforeAnsweringIsNotRetried() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group) { connection, request, _ in
                connection == 0 && request == 0 ? .reply(Self.ok, close: false) : .close
            }
            let loop = group.next()
            _ = try await pool.send(to: local(server.port), on: loop)
            // Reused connection 0 dies → one retry on fresh connection 1, which also dies → fail.
            await #expect(throws: UpstreamError.connectionClosed) {
                try await pool.send(to: local(server.port), on: loop)
            }
            #expect(server.log.opened == 2)
            // A first request on a fresh connection is never retried either.
            await #expect(throws: UpstreamError.connectionClosed) {
                try await pool.send(to: local(server.port), on: loop)
            }
            #expect(server.log.opened == 3)
            await server.stop()
        }
    }
}
