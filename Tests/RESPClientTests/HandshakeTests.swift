import NIOCore
import TestSupport
import Testing

import RESPClient

@Suite("AUTH, SELECT and decoder limits against a real server")
struct HandshakeTests {
    @Test("A password and a database number are applied on every (re)connect")
    func authAndSelect() async throws {
        let server = try await RedisServer(extraArguments: ["--requirepass", "s3cret-pass"])
        defer { server.kill() }
        try await TestRedis.withClient(host: "127.0.0.1", port: server.port, {
            $0.password = "s3cret-pass"
            $0.database = 3
        }) { client async throws in
            #expect(try await client.send(["SET", "where", "db3"]).get() == .simpleString("OK"))
            #expect(try await client.send(["CLIENT", "INFO"]).get().string?.contains(" db=3 ") == true)
        }
        try await TestRedis.withClient(host: "127.0.0.1", port: server.port, { $0.password = "s3cret-pass" }) { client async throws in
            // SELECT changes one connection's state: pin all three commands to one loop's connection.
            let loop = TestRedis.group.next()
            #expect(try await client.send(["GET", "where"], on: loop).get() == .bulkString(nil))
            #expect(try await client.send(["SELECT", "3"], on: loop).get() == .simpleString("OK"))
            #expect(try await client.send(["GET", "where"], on: loop).get() == .bulk("db3"))
        }
    }

    @Test("A wrong password fails with connectFailed and the message does not contain the password")
    func wrongPassword() async throws {
        let server = try await RedisServer(extraArguments: ["--requirepass", "right-pass"])
        defer { server.kill() }
        try await TestRedis.withClient(host: "127.0.0.1", port: server.port, { $0.password = "wrong-pass-value" }) { client async throws in
            let error = await #expect(throws: RESPError.self) { try await client.ping().get() }
            guard case .connectFailed(let reason) = error else {
                Issue.record("expected connectFailed, got \(String(describing: error))")
                return
            }
            #expect(!reason.contains("wrong-pass-value"))
            #expect(!String(describing: client.configuration).contains("wrong-pass-value"))
        }
    }

    @Test("A reply beyond maxBulkLength closes the connection with a protocol error; the next command reconnects")
    func bulkLimit() async throws {
        try await TestRedis.withClient({ $0.limits.maxBulkLength = 64 }) { client async throws in
            let loop = TestRedis.group.next()
            let key = TestRedis.key("big")
            _ = try await client.send(["SET", key, String(repeating: "z", count: 1000)], on: loop).get()
            let error = await #expect(throws: RESPError.self) { try await client.send(["GET", key], on: loop).get() }
            if case .protocolError = error {} else { Issue.record("expected protocolError, got \(String(describing: error))") }
            try await eventually { _ = try await client.send(["DEL", key], on: loop).get() }
        }
    }
}
