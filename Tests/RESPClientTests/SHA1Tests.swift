import NIOCore
import Testing

@testable import RESPClient

@Suite("SHA-1 for script names")
struct SHA1Tests {
    @Test("Matches the FIPS 180 test vectors, including multi-block and padding edge lengths")
    func knownVectors() {
        #expect(SHA1.hexDigest("".utf8) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hexDigest("abc".utf8) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(
            SHA1.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        )
        #expect(
            SHA1.hexDigest(
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8
            ) == "a49b2446a02c645bf419f995b67091253a04a259"
        )
        #expect(SHA1.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        #expect(SHA1.hexDigest("The quick brown fox jumps over the lazy dog".utf8) == "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")
    }

    @Test("Is 40 lowercase hex digits for inputs around the 55/56/64-byte padding boundaries")
    func paddingBoundaries() {
        for length in [55, 56, 57, 63, 64, 65, 119, 120] {
            let digest = SHA1.hexDigest([UInt8](repeating: 0x61, count: length))
            #expect(digest.count == 40)
            #expect(digest.allSatisfy { "0123456789abcdef".contains($0) })
        }
        #expect(SHA1.hexDigest([UInt8](repeating: 0x61, count: 55)) != SHA1.hexDigest([UInt8](repeating: 0x61, count: 56)))
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
