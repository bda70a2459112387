import NIOCore
import Testing

import RESPClient

@Suite("Script names (SHA-1)")
struct RESPScriptTests {
    @Test("A script is named by the SHA-1 of its source, in 40 lowercase hex digits (FIPS 180 vectors)")
    func knownVectors() {
        #expect(RESPScript("").sha1 == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(RESPScript("abc").sha1 == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(RESPScript("The quick brown fox jumps over the lazy dog").sha1 == "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")
    }

    @Test("Names a script exactly as Redis does (SCRIPT LOAD returns the same SHA-1)")
    func agreesWithRedis() async throws {
        let script = RESPScript("return {KEYS[1], ARGV[1], 'ünïcödé ✓'}")
        let loaded = try await TestRedis.withClient { client async throws in
            try await client.send(["SCRIPT", "LOAD", script.source]).get()
        }
        #expect(loaded.string == script.sha1)
    }
}
