import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import UpstreamTransport

@Suite struct KeepAliveTests {
    @Test func sequentialRequestsReuseOneConnection() async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let loop = group.next()
            for _ in 0..<10 {
                let response = try await pool.send(to: local(server.port), on: loop)
                #expect(response.status == .ok)
                #expect(response.text == "hello")
            }
            #expect(server.log.opened == 1)
            #expect(server.requests.count == 10)
            await server.stop()
        }
    }

    @Test func hostNameEndpointConnectsThroughHappyEyeballsAndReuses() async throws {
        try await withPool { group, pool in
            // "localhost" may resolve to ::1 too; the server only listens on 127.0.0.1, so an attempt may lose.
            let server = try await TestHTTPServer.start(group: group)
            let loop = group.next()
            for _ in 0..<5 {
                let response = try await pool.send(to: local(server.port, host: "localhost"), on: loop)
                #expect(response.text == "hello")
            }
            #expect(server.log.opened == 1)
            #expect(server.requests.first?.head.headers["host"] == ["localhost:\(server.port)"])
            await server.stop()
        }
    }

    @Test func responseWithConnectionCloseIsNotReused() async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group) { _ in
                .init(headers: [("Connection", "close")], body: "bye")
            }
            let loop = group.next()
            for _ in 0..<3 {
                let response = try await pool.send(to: local(server.port), on: loop)
                #expect(response.text == "bye")
            }
            #expect(server.log.opened == 3)
            await server.stop()
        }
    }

    @Test func requestWithConnectionCloseIsNotReused() async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let loop = group.next()
            for _ in 0..<2 {
                _ = try await pool.send(to: local(server.port), on: loop, headers: ["Connection": "close"])
            }
            #expect(server.log.opened == 2)
            await server.stop()
        }
    }

    @Test func http10ResponseClosesTheConnection() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group) { _, _, _ in
                .reply("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", close: false)
            }
            let loop = group.next()
            for _ in 0..<2 {
                let response = try await pool.send(to: local(server.port), on: loop)
                #expect(response.text == "ok")
            }
            #expect(server.log.opened == 2)
            await server.stop()
        }
    }

    @Test func idleConnectionClosedByTheServerIsDropped() async throws {
        try await withPool { group, pool in
            // Answers with keep-alive semantics, then closes anyway.
            let server = try await RawTCPServer.start(group: group) { _, _, _ in
                .reply("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", close: true)
            }
            let loop = group.next()
            _ = try await pool.send(to: local(server.port), on: loop)
            try await server.log.waitForClosed(atLeast: 1)
            // Let the loop process the FIN before the next request is queued.
            try await loop.submit {}.get()
            try await loop.submit {}.get()
            // A POST is never retried, so it only succeeds if the dead connection left the idle list.
            let response = try await pool.send(.POST, "/", to: local(server.port), on: loop, body: "x")
            #expect(response.text == "ok")
            #expect(server.log.opened == 2)
            await server.stop()
        }
    }

    @Test func idleConnectionIsClosedAfterIdleTimeout() async throws {
        var configuration = UpstreamPoolConfiguration()
        configuration.idleTimeout = .milliseconds(100)
        try await withPool(configuration: configuration) { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let loop = group.next()
            _ = try await pool.send(to: local(server.port), on: loop)
            try await server.log.waitForClosed(atLeast: 1)
            _ = try await pool.send(to: local(server.port), on: loop)
            #expect(server.log.opened == 2)
            await server.stop()
        }
    }

    @Test func idleConnectionWithinIdleTimeoutStaysOpen() async throws {
        var configuration = UpstreamPoolConfiguration()
        configuration.idleTimeout = .seconds(30)
        try await withPool(configuration: configuration) { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let loop = group.next()
            _ = try await pool.send(to: local(server.port), on: loop)
            try await Task.sleep(for: .milliseconds(200))
            _ = try await pool.send(to: local(server.port), on: loop)
            #expect(server.log.opened == 1)
            #expect(server.log.closed == 0)
            await server.stop()
        }
    }
}
