import GatewayCompression
import NIOCore
import Testing
@testable import TaskCache

@Suite("Cached answers")
struct CachedAnswerTests {
    private let allocator = ByteBufferAllocator()

    private func body(_ repeats: Int) -> ByteBuffer {
        ByteBuffer(string: "[" + Array(repeating: #"{"Id":1,"AssociateId":2,"Name":"export"}"#, count: repeats).joined(separator: ",") + "]")
    }

    @Test("the answer is stored gzipped and inflates to the original")
    func gzippedOnce() throws {
        let original = body(200)
        let answer = try CachedAnswer.make(
            identityBody: original, contentType: "application/json; charset=utf-8", associates: AssociateSet([2]), level: 6,
            now: .uptimeNanoseconds(5), lifetime: .seconds(60), allocator: allocator
        )
        #expect(answer.gzipBody.getBytes(at: answer.gzipBody.readerIndex, length: 2) == [0x1F, 0x8B])
        #expect(answer.gzipBody.readableBytes < original.readableBytes / 5)
        #expect(answer.identityLength == original.readableBytes)
        #expect(try answer.identityBody(allocator: allocator) == original)
        #expect(try HTTPCompression.decompress(answer.gzipBody, coding: .gzip, maxSize: 1 << 20, allocator: allocator) == original)
        #expect(answer.contentType == "application/json; charset=utf-8")
        #expect(answer.storedAt == .uptimeNanoseconds(5))
        #expect(answer.associates == AssociateSet([2]))
    }

    @Test("the stored buffer is sized to the compressed bytes, so cost reflects memory held")
    func compactBuffer() throws {
        let answer = try CachedAnswer.make(
            identityBody: body(2000), contentType: "application/json", associates: AssociateSet([1]), level: 6, now: .uptimeNanoseconds(0), lifetime: .seconds(60),
            allocator: allocator
        )
        #expect(answer.gzipBody.capacity < answer.gzipBody.readableBytes * 2)
    }

    @Test("the ETag is strong, quoted, 22 base64url characters of SHA-256")
    func etagFormat() throws {
        #expect(CachedAnswer.strongETag(of: ByteBuffer(string: "hello")) == "\"LPJNul-wow4m6Dsqxbning\"")
        let answer = try CachedAnswer.make(
            identityBody: ByteBuffer(string: "hello"), contentType: "text/plain", associates: AssociateSet([1]), level: 1,
            now: .uptimeNanoseconds(0), lifetime: .seconds(60), allocator: allocator
        )
        #expect(answer.etag == "\"LPJNul-wow4m6Dsqxbning\"")
    }

    @Test("the ETag depends on the uncompressed body only")
    func etagIdentity() throws {
        let first = try CachedAnswer.make(
            identityBody: body(3), contentType: "a", associates: AssociateSet([1]), level: 1, now: .uptimeNanoseconds(0), lifetime: .seconds(60), allocator: allocator
        )
        let second = try CachedAnswer.make(
            identityBody: body(3), contentType: "b", associates: AssociateSet([9]), level: 9, now: .uptimeNanoseconds(0), lifetime: .seconds(60), allocator: allocator
        )
        let other = try CachedAnswer.make(
            identityBody: body(4), contentType: "a", associates: AssociateSet([1]), level: 1, now: .uptimeNanoseconds(0), lifetime: .seconds(60), allocator: allocator
        )
        #expect(first.etag == second.etag)
        #expect(first.etag != other.etag)
    }

    @Test("cost is the memory the compressed bytes hold (buffer capacity) plus overhead")
    func cost() {
        let answer = CachedAnswer(
            gzipBody: ByteBuffer(repeating: 1, count: 1000), identityLength: 5000, contentType: "application/json",
            etag: "\"e\"", storedAt: .uptimeNanoseconds(0), lifetime: .seconds(60), associates: AssociateSet([1, 2, 3])
        )
        #expect(answer.gzipBody.capacity == 1024)
        #expect(answer.cost == 1024 + answer.overhead)
        #expect(answer.overhead >= CachedAnswer.fixedOverhead + "application/json".utf8.count)
        let bigger = CachedAnswer(
            gzipBody: ByteBuffer(repeating: 1, count: 1000), identityLength: 5000, contentType: "application/json",
            etag: "\"e\"", storedAt: .uptimeNanoseconds(0), lifetime: .seconds(60), associates: AssociateSet(1...100)
        )
        #expect(bigger.overhead > answer.overhead)
    }
}
