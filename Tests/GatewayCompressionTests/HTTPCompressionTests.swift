import GatewayCompression
import NIOCore
import Testing
import TestSupport

@Suite("Compression and bounded decompression")
struct HTTPCompressionTests {
    private let allocator = ByteBufferAllocator()

    private func randomish(_ count: Int, seed: UInt64) -> ByteBuffer {
        var generator = SeededGenerator(seed: seed)
        var buffer = allocator.buffer(capacity: count)
        // Half text-like, half random: compressible but not trivially so.
        for index in 0..<count {
            let byte: UInt8 = index % 2 == 0 ? UInt8(ascii: "a") + UInt8(index % 7) : UInt8.random(in: 0...255, using: &generator)
            buffer.writeInteger(byte)
        }
        return buffer
    }

    @Test("gzip round-trips bodies of many sizes", arguments: [0, 1, 2, 100, 4096, 65_537, 300_000])
    func gzipRoundTrip(_ size: Int) throws {
        let body = randomish(size, seed: UInt64(size) + 1)
        let compressed = try HTTPCompression.gzip(body, allocator: allocator)
        #expect(compressed.getBytes(at: compressed.readerIndex, length: 2) == [0x1F, 0x8B])
        let restored = try HTTPCompression.decompress(compressed, coding: .gzip, maxSize: size, allocator: allocator)
        #expect(restored == body)
    }

    @Test("deflate round-trips and uses the zlib format", arguments: [0, 1, 1000, 70_000])
    func deflateRoundTrip(_ size: Int) throws {
        let body = randomish(size, seed: 99)
        let compressed = try HTTPCompression.deflate(body, allocator: allocator)
        let header = try #require(compressed.getBytes(at: compressed.readerIndex, length: 2))
        #expect(header[0] & 0x0F == 8)
        #expect((UInt16(header[0]) << 8 | UInt16(header[1])) % 31 == 0)
        let restored = try HTTPCompression.decompress(compressed, coding: .deflate, maxSize: size, allocator: allocator)
        #expect(restored == body)
    }

    @Test("raw deflate is accepted under the deflate coding")
    func rawDeflateAccepted() throws {
        let body = ByteBuffer(string: String(repeating: "raw deflate from a misconfigured server. ", count: 50))
        let zlib = try HTTPCompression.deflate(body, allocator: allocator)
        // Strip the two-byte zlib header and four-byte Adler-32 trailer: what remains is raw deflate.
        let raw = try #require(zlib.getSlice(at: zlib.readerIndex + 2, length: zlib.readableBytes - 6))
        let restored = try HTTPCompression.decompress(raw, coding: .deflate, maxSize: 1 << 20, allocator: allocator)
        #expect(restored == body)
    }

    @Test("levels outside 0...9 are clamped, and every level round-trips", arguments: [-5, 0, 1, 9, 42])
    func levelsClamped(_ level: Int) throws {
        let body = randomish(10_000, seed: 7)
        let compressed = try HTTPCompression.gzip(body, level: level, allocator: allocator)
        #expect(try HTTPCompression.decompress(compressed, coding: .gzip, maxSize: 10_000, allocator: allocator) == body)
    }

    @Test("compressing does not move the input's reader index")
    func inputUntouched() throws {
        let body = ByteBuffer(string: "unchanged")
        _ = try HTTPCompression.gzip(body, allocator: allocator)
        #expect(body.readableBytes == 9)
    }

    @Test("output of exactly maxSize is allowed; one byte less is refused")
    func limitIsInclusive() throws {
        let body = randomish(5000, seed: 3)
        let compressed = try HTTPCompression.gzip(body, allocator: allocator)
        #expect(try HTTPCompression.decompress(compressed, coding: .gzip, maxSize: 5000, allocator: allocator) == body)
        #expect(throws: DecompressionError.tooLarge) {
            try HTTPCompression.decompress(compressed, coding: .gzip, maxSize: 4999, allocator: allocator)
        }
    }

    @Test("a gzip bomb (100 MB of zeros) fails with tooLarge at a 1 MB limit")
    func gzipBombBounded() throws {
        let bomb: ByteBuffer
        do {
            let zeros = ByteBuffer(repeating: 0, count: 100_000_000)
            bomb = try HTTPCompression.gzip(zeros, level: 9, allocator: allocator)
        }
        #expect(bomb.readableBytes < 200_000)
        let clock = ContinuousClock()
        let started = clock.now
        #expect(throws: DecompressionError.tooLarge) {
            try HTTPCompression.decompress(bomb, coding: .gzip, maxSize: 1_000_000, allocator: allocator)
        }
        // Stopping at the limit means inflating about 1 MB, not 100 MB; the bound is generous.
        #expect(clock.now - started < .seconds(5))
    }

    @Test("a deflate bomb fails with tooLarge")
    func deflateBombBounded() throws {
        let bomb = try HTTPCompression.deflate(ByteBuffer(repeating: 0, count: 20_000_000), level: 9, allocator: allocator)
        #expect(throws: DecompressionError.tooLarge) {
            try HTTPCompression.decompress(bomb, coding: .deflate, maxSize: 64 * 1024, allocator: allocator)
        }
    }

    @Test("every truncation of a gzip stream is corrupt, never a silent short body")
    func truncatedGzipIsCorrupt() throws {
        let body = randomish(3000, seed: 11)
        let compressed = try HTTPCompression.gzip(body, allocator: allocator)
        for length in 0..<compressed.readableBytes {
            let prefix = try #require(compressed.getSlice(at: compressed.readerIndex, length: length))
            #expect(throws: DecompressionError.corrupt, "prefix of \(length) bytes") {
                try HTTPCompression.decompress(prefix, coding: .gzip, maxSize: 1 << 20, allocator: allocator)
            }
        }
    }

    @Test("every truncation of a zlib stream is corrupt")
    func truncatedDeflateIsCorrupt() throws {
        let body = randomish(2000, seed: 12)
        let compressed = try HTTPCompression.deflate(body, allocator: allocator)
        for length in 0..<compressed.readableBytes {
            let prefix = try #require(compressed.getSlice(at: compressed.readerIndex, length: length))
            #expect(throws: DecompressionError.corrupt, "prefix of \(length) bytes") {
                try HTTPCompression.decompress(prefix, coding: .deflate, maxSize: 1 << 20, allocator: allocator)
            }
        }
    }

    @Test("a damaged CRC is corrupt")
    func badChecksumIsCorrupt() throws {
        var compressed = try HTTPCompression.gzip(ByteBuffer(string: "checksummed body"), allocator: allocator)
        let crcOffset = compressed.writerIndex - 8
        let byte = try #require(compressed.getInteger(at: crcOffset, as: UInt8.self))
        compressed.setInteger(byte ^ 0xFF, at: crcOffset)
        #expect(throws: DecompressionError.corrupt) {
            try HTTPCompression.decompress(compressed, coding: .gzip, maxSize: 1000, allocator: allocator)
        }
    }

    @Test("trailing garbage after the gzip stream is corrupt")
    func trailingGarbageIsCorrupt() throws {
        var compressed = try HTTPCompression.gzip(ByteBuffer(string: "body"), allocator: allocator)
        compressed.writeString("garbage")
        #expect(throws: DecompressionError.corrupt) {
            try HTTPCompression.decompress(compressed, coding: .gzip, maxSize: 1000, allocator: allocator)
        }
    }

    @Test("concatenated gzip members inflate to the concatenated bodies")
    func multiMemberGzip() throws {
        var joined = try HTTPCompression.gzip(ByteBuffer(string: "first,"), allocator: allocator)
        var second = try HTTPCompression.gzip(ByteBuffer(string: "second"), allocator: allocator)
        joined.writeBuffer(&second)
        let restored = try HTTPCompression.decompress(joined, coding: .gzip, maxSize: 100, allocator: allocator)
        #expect(String(buffer: restored) == "first,second")
    }

    @Test("random bytes are corrupt gzip, not a crash")
    func garbageIsCorruptGzip() {
        var generator = SeededGenerator(seed: 2024)
        for round in 0..<500 {
            var buffer = randomBytes(using: &generator)
            if round % 2 == 0, buffer.readableBytes >= 2 {
                // Give half the inputs a real gzip magic so the header parser is exercised too.
                buffer.setInteger(UInt16(0x1F8B), at: buffer.readerIndex)
            }
            #expect(throws: DecompressionError.self) {
                try HTTPCompression.decompress(buffer, coding: .gzip, maxSize: 1 << 16, allocator: allocator)
            }
        }
    }

    @Test("random bytes under deflate never crash and never exceed the limit")
    func garbageUnderDeflateIsSafe() {
        // Raw deflate has no checksum, so a random input may happen to be a valid stream; only safety is checked.
        var generator = SeededGenerator(seed: 4048)
        for _ in 0..<500 {
            let buffer = randomBytes(using: &generator)
            if let output = try? HTTPCompression.decompress(buffer, coding: .deflate, maxSize: 4096, allocator: allocator) {
                #expect(output.readableBytes <= 4096)
            }
        }
    }

    private func randomBytes(using generator: inout SeededGenerator) -> ByteBuffer {
        let count = Int.random(in: 0...64, using: &generator)
        var buffer = allocator.buffer(capacity: count)
        for _ in 0..<count {
            buffer.writeInteger(UInt8.random(in: 0...255, using: &generator))
        }
        return buffer
    }

    @Test("plain text is not gzip")
    func textIsCorrupt() {
        #expect(throws: DecompressionError.corrupt) {
            try HTTPCompression.decompress(ByteBuffer(string: "hello"), coding: .gzip, maxSize: 100, allocator: allocator)
        }
    }

    @Test("identity passes through within the limit and is refused above it")
    func identityCoding() throws {
        let body = ByteBuffer(string: "plain")
        #expect(try HTTPCompression.decompress(body, coding: .identity, maxSize: 5, allocator: allocator) == body)
        #expect(throws: DecompressionError.tooLarge) {
            try HTTPCompression.decompress(body, coding: .identity, maxSize: 4, allocator: allocator)
        }
    }
}
