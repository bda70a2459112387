import NIOCore
import TestSupport
import Testing

import RESPClient

@Suite("EVALSHA with NOSCRIPT fallback")
struct ScriptTests {
    @Test("After SCRIPT FLUSH, evalScript falls back to EVAL, which caches the script for the next EVALSHA")
    func noscriptFallback() async throws {
        let server = try await RedisServer()
        defer { server.kill() }
        try await TestRedis.withClient(host: "127.0.0.1", port: server.port) { client async throws in
            let script = RESPScript("return {KEYS[1], ARGV[1], tonumber(ARGV[2]) * 2}")
            #expect(try await client.send(["SCRIPT", "FLUSH"]).get() == .simpleString("OK"))
            #expect(try await client.send(["SCRIPT", "EXISTS", script.sha1]).get() == .array([.integer(0)]))
            let reply = try await client.evalScript(script, keys: ["k"], args: ["v", "21"]).get()
            #expect(reply == .array([.bulk("k"), .bulk("v"), .integer(42)]))
            #expect(try await client.send(["SCRIPT", "EXISTS", script.sha1]).get() == .array([.integer(1)]))
            #expect(try await client.send(["EVALSHA", script.sha1, "1", "x", "y", "1"]).get() == .array([.bulk("x"), .bulk("y"), .integer(2)]))
            #expect(try await client.send(["SCRIPT", "FLUSH"]).get() == .simpleString("OK"))
            #expect(try await client.evalScript(script, keys: ["a"], args: ["b", "0"]).get() == .array([.bulk("a"), .bulk("b"), .integer(0)]))
        }
    }

    @Test("A script error is reported as RESPError.server, not retried")
    func scriptError() async throws {
        try await TestRedis.withClient { client async throws in
            let script = RESPScript("return redis.error_reply('ERR no such luck')")
            await #expect(throws: RESPError.server("ERR no such luck")) {
                try await client.evalScript(script, keys: [], args: []).get()
            }
        }
    }
}
