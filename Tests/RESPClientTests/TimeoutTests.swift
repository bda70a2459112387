import NIOCore
import TestSupport
import Testing

import RESPClient

@Suite("Commands never wait longer than their timeout")
struct TimeoutTests {
    @Test("A frozen server (SIGSTOP) fails the command with .timeout and the connection's other commands with it")
    func frozenServer() async throws {
        let server = try await RedisServer()
        defer { server.kill() }
        try await TestRedis.withClient(host: "127.0.0.1", port: server.port) { client async throws in
            let loop = TestRedis.group.next()
            try await client.ping(on: loop).get()
            server.pause()
            defer { server.resume() }
            let started = ContinuousClock.now
            let long = client.send(["GET", "k"], timeout: .seconds(60), on: loop)
            try await loop.submit {}.get()
            let short = client.send(["PING"], timeout: .milliseconds(500), on: loop)
            await #expect(throws: RESPError.timeout) { try await short.get() }
            await #expect(throws: RESPError.timeout) { try await long.get() }
            #expect(ContinuousClock.now - started < .seconds(3))

            // While frozen, a new command (a reconnect the kernel accepts) is bounded the same way.
            let again = ContinuousClock.now
            await #expect(throws: RESPError.self) { try await client.send(["PING"], timeout: .milliseconds(200), on: loop).get() }
            #expect(ContinuousClock.now - again < .seconds(3))
        }
    }

    @Test("After a frozen server resumes, the client reconnects and commands succeed again")
    func recoversAfterResume() async throws {
        let server = try await RedisServer()
        defer { server.kill() }
        try await TestRedis.withClient(host: "127.0.0.1", port: server.port) { client async throws in
            try await client.ping().get()
            server.pause()
            await #expect(throws: RESPError.timeout) { try await client.ping(timeout: .milliseconds(150)).get() }
            server.resume()
            try await eventually { try await client.ping(timeout: .milliseconds(500)).get() }
        }
    }

    @Test("A TCP connect that hangs is cut off at the command's timeout, not the connect timeout")
    func hangingConnect() async throws {
        let listener = try StalledListener()
        try await TestRedis.withClient(host: "127.0.0.1", port: listener.port, { $0.connectTimeout = .seconds(30) }) { client async throws in
            let started = ContinuousClock.now
            await #expect(throws: RESPError.timeout) { try await client.send(["PING"], timeout: .milliseconds(300)).get() }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(250))
            #expect(elapsed < .seconds(3))
        }
        withExtendedLifetime(listener) {}
    }

    @Test("A killed server fails commands quickly instead of waiting for the timeout")
    func killedServer() async throws {
        let server = try await RedisServer()
        try await TestRedis.withClient(host: "127.0.0.1", port: server.port) { client async throws in
            let loop = TestRedis.group.next()
            try await client.ping(on: loop).get()
            let pending = client.send(["BLPOP", "never", "0"], timeout: .seconds(60), on: loop)
            server.kill()
            // Closed, or (when the reconnect attempt already lost the race) refused within the back-off:
            // either way the command fails at once instead of waiting 60 s.
            let killedAt = ContinuousClock.now
            await #expect(throws: RESPError.self) { try await pending.get() }
            #expect(ContinuousClock.now - killedAt < .seconds(3))
            let started = ContinuousClock.now
            await #expect(throws: RESPError.self) { try await client.send(["PING"], timeout: .seconds(30), on: loop).get() }
            #expect(ContinuousClock.now - started < .seconds(3))
        }
    }
}

/// Retries `body` until it succeeds or `limit` passes (for recovery that takes a back-off period).
func eventually(limit: Duration = .seconds(10), _ body: () async throws -> Void) async throws {
    let deadline = ContinuousClock.now + limit
    while true {
        do {
            try await body()
            return
        } catch {
            guard ContinuousClock.now < deadline else { throw error }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
    }
}
