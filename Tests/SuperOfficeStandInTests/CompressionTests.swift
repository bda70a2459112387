import Testing
import SuperOfficeStandIn

@Suite("gzip only when asked")
struct CompressionTests {
    @Test("Accept-Encoding: gzip compresses bodies over 256 bytes; the decoded body equals the plain one")
    func compresses() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let plain = try await StandInFixture.tasks(standIn, ids: [5])
            let zipped = try await StandInFixture.tasks(standIn, ids: [5], extraHeaders: [("Accept-Encoding", "br, gzip;q=0.8")])
            #expect(plain.header("Content-Encoding") == nil)
            #expect(zipped.header("Content-Encoding") == "gzip")
            #expect(zipped.body.count < plain.body.count)
            #expect(try zipped.decodedBody() == plain.body)
        }
    }

    @Test("small bodies, q=0, other encodings and gzipResponses=false are never compressed")
    func notCompressed() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let small = try await StandInFixture.tasks(standIn, ids: [2_000_000], extraHeaders: [("Accept-Encoding", "gzip")])
            #expect(small.header("Content-Encoding") == nil)
            let refused = try await StandInFixture.tasks(standIn, ids: [5], extraHeaders: [("Accept-Encoding", "gzip;q=0, identity")])
            #expect(refused.header("Content-Encoding") == nil)
            let deflate = try await StandInFixture.tasks(standIn, ids: [5], extraHeaders: [("Accept-Encoding", "deflate")])
            #expect(deflate.header("Content-Encoding") == nil)
        }
        try await StandInFixture.withStandIn(StandInConfiguration(gzipResponses: false)) { standIn async throws in
            let answer = try await StandInFixture.tasks(standIn, ids: [5], extraHeaders: [("Accept-Encoding", "gzip")])
            #expect(answer.header("Content-Encoding") == nil)
        }
    }

    @Test("StandInGzip reads an intact stream and refuses every cut of it, a bad CRC-32 or length, and trailing bytes")
    func gzipIntegrity() throws {
        let plain = (0..<3000).map { UInt8(truncatingIfNeeded: ($0 * 7) % 251) }
        let zipped = try StandInGzip.compress(plain)
        #expect(try StandInGzip.decompress(zipped) == plain)
        for length in 0..<zipped.count {
            #expect(throws: (any Error).self, "cut at \(length)") { try StandInGzip.decompress(Array(zipped.prefix(length))) }
        }
        for trailerByte in [zipped.count - 8, zipped.count - 1] {
            var damaged = zipped
            damaged[trailerByte] ^= 0x01
            #expect(throws: (any Error).self, "trailer byte \(trailerByte)") { try StandInGzip.decompress(damaged) }
        }
        #expect(throws: (any Error).self) { try StandInGzip.decompress(zipped + [0]) }
    }
}
