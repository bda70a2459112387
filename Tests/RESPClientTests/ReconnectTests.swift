import NIOCore
import TestSupport
import Testing

import RESPClient

@Suite("Reconnecting after the connection drops")
struct ReconnectTests {
    @Test("After redis-server restarts on the same port, the next commands reconnect and succeed")
    func restart() async throws {
        let server = try await RedisServer()
        defer { server.kill() }
        try await TestRedis.withClient(host: "127.0.0.1", port: server.port) { client async throws in
            let loop = TestRedis.group.next()
            #expect(try await client.send(["SET", "before", "1"], on: loop).get() == .simpleString("OK"))
            server.kill()
            await #expect(throws: RESPError.self) { try await client.ping(on: loop).get() }
            try await server.start()
            try await eventually { try await client.ping(on: loop).get() }
            // A fresh server without persistence: the old key is gone, the connection is new.
            #expect(try await client.send(["GET", "before"], on: loop).get() == .bulkString(nil))
        }
    }

    @Test("A server that closes the connection (CLIENT KILL) costs no command: the next one reconnects")
    func serverClosesConnection() async throws {
        try await TestRedis.withClient { client async throws in
            let loop = TestRedis.group.next()
            let name = "resp-test-\(UInt32.random(in: 0...UInt32.max))"
            _ = try await client.send(["CLIENT", "SETNAME", name], on: loop).get()
            // CLIENT KILL on our own connection: Redis replies OK and then closes it.
            _ = try await client.send(["CLIENT", "KILL", "SKIPME", "no", "ID", String(try await client.send(["CLIENT", "ID"], on: loop).get().integer ?? 0)], on: loop).get()
            try await eventually { try await client.ping(on: loop).get() }
            #expect(try await client.send(["CLIENT", "GETNAME"], on: loop).get() == .bulkString(nil))
        }
    }

    @Test("A dead server is not hammered: at most one connect attempt per back-off period")
    func backoff() async throws {
        let port = try RedisServer.freePort()
        try await TestRedis.withClient(host: "127.0.0.1", port: port, { $0.reconnectBackoff = .seconds(5) }) { client async throws in
            let loop = TestRedis.group.next()
            var reasons = [String]()
            for _ in 0..<20 {
                let error = await #expect(throws: RESPError.self) { try await client.ping(on: loop).get() }
                if case .connectFailed(let reason) = error { reasons.append(reason) }
            }
            #expect(reasons.count == 20)
            #expect(reasons.dropFirst().allSatisfy { $0.contains("back-off") })
            #expect(!reasons[0].contains("back-off"))
        }
    }

    @Test("After shutdown, commands fail with connectionClosed")
    func shutdown() async throws {
        try await TestRedis.withClient { client async throws in
            try await client.ping().get()
            await client.shutdown()
            await #expect(throws: RESPError.connectionClosed) { try await client.ping().get() }
        }
    }
}
