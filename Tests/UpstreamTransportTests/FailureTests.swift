import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import UpstreamTransport

@Suite struct FailureTests {
    @Test func refusedPortFailsWithConnectFailed() async throws {
        try await withPool { group, pool in
            // Bind and release a port so that nothing listens there.
            let probe = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
            let port = probe.localAddress?.port ?? 1
            try await probe.close()
            let error = await #expect(throws: UpstreamError.self) {
                try await pool.send(to: local(port), on: group.next())
            }
            guard case .connectFailed(let message)? = error else {
                Issue.record("expected connectFailed, got \(String(describing: error))")
                return
            }
            #expect(message.contains("refused"))
        }
    }

    @Test func unresolvableHostFailsWithConnectFailed() async throws {
        try await withPool { group, pool in
            let error = await #expect(throws: UpstreamError.self) {
                // A generous timeout: resolving is quick here, but this must not turn into `.timeout` on a slow resolver.
                try await pool.send(
                    to: UpstreamEndpoint(scheme: .http, host: "no-such-host.invalid", port: 80), on: group.next(), timeout: .seconds(60)
                )
            }
            guard case .connectFailed? = error else {
                Issue.record("expected connectFailed, got \(String(describing: error))")
                return
            }
        }
    }

    #if os(Linux)
    @Test func connectThatHangsFailsWithConnectTimeout() async throws {
        var configuration = UpstreamPoolConfiguration()
        configuration.connectTimeout = .milliseconds(200)
        try await withPool(configuration: configuration) { group, pool in
            let listener = try #require(FullBacklogListener())
            let started = ContinuousClock.now
            await #expect(throws: UpstreamError.connectTimeout) {
                try await pool.send(to: local(listener.port), on: group.next(), timeout: .seconds(20))
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            withExtendedLifetime(listener) {}
        }
    }

    @Test func requestTimeoutAlsoBoundsTheConnect() async throws {
        var configuration = UpstreamPoolConfiguration()
        configuration.connectTimeout = .seconds(30)
        try await withPool(configuration: configuration) { group, pool in
            let listener = try #require(FullBacklogListener())
            let started = ContinuousClock.now
            await #expect(throws: UpstreamError.timeout) {
                try await pool.send(to: local(listener.port), on: group.next(), timeout: .milliseconds(200))
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            withExtendedLifetime(listener) {}
        }
    }
    #endif

    @Test func silentServerTimesOutAndTheConnectionIsNotReused() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group) { _, _, text in
                text.hasPrefix("GET /slow") ? .ignore : .reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", close: false)
            }
            let loop = group.next()
            let started = ContinuousClock.now
            await #expect(throws: UpstreamError.timeout) {
                try await pool.send(.GET, "/slow", to: local(server.port), on: loop, timeout: .milliseconds(200))
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(150))
            #expect(elapsed < .seconds(5))
            try await server.log.waitForClosed(atLeast: 1)
            let next = try await pool.send(.GET, "/fast", to: local(server.port), on: loop)
            #expect(next.text == "ok")
            #expect(server.log.opened == 2)
            await server.stop()
        }
    }

    @Test func closeMidBodyFailsWithConnectionClosed() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group) { _, _, _ in
                .reply("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + String(repeating: "a", count: 100), close: true)
            }
            await #expect(throws: UpstreamError.connectionClosed) {
                try await pool.send(to: local(server.port), on: group.next())
            }
            await server.stop()
        }
    }

    @Test func resetMidBodyFailsWithConnectionClosed() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group) { _, _, _ in
                .replyThenReset("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + String(repeating: "a", count: 100))
            }
            await #expect(throws: UpstreamError.connectionClosed) {
                try await pool.send(to: local(server.port), on: group.next())
            }
            await server.stop()
        }
    }

    @Test func garbageFailsWithInvalidResponse() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group) { _, _, _ in
                .reply("this is not http at all\r\n\r\n", close: false)
            }
            let error = await #expect(throws: UpstreamError.self) {
                try await pool.send(to: local(server.port), on: group.next())
            }
            guard case .invalidResponse? = error else {
                Issue.record("expected invalidResponse, got \(String(describing: error))")
                return
            }
            try await server.log.waitForClosed(atLeast: 1)
            await server.stop()
        }
    }

    @Test(arguments: ["/a b", "/a\r\nEvil: yes", ""])
    func targetThatWouldSplitTheRequestIsRefusedBeforeSending(target: String) async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let loop = group.next()
            let error = await #expect(throws: UpstreamError.self) {
                try await pool.send(.GET, target, to: local(server.port), on: loop)
            }
            guard case .requestNotSerializable? = error else {
                Issue.record("expected requestNotSerializable, got \(String(describing: error))")
                return
            }
            // The connection was not spoiled: the next request goes over it.
            _ = try await pool.send(.GET, "/ok", to: local(server.port), on: loop)
            #expect(server.requests.map(\.head.uri) == ["/ok"])
            await server.stop()
        }
    }

    @Test func headerWithLineBreakIsRefusedBeforeSending() async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            var headers = HTTPHeaders()
            headers.add(name: "X-Injected", value: "a\r\nEvil: yes")
            let error = await #expect(throws: UpstreamError.self) {
                try await pool.send(to: local(server.port), on: group.next(), headers: headers)
            }
            guard case .requestNotSerializable? = error else {
                Issue.record("expected requestNotSerializable, got \(String(describing: error))")
                return
            }
            #expect(server.requests.isEmpty)
            await server.stop()
        }
    }
}
