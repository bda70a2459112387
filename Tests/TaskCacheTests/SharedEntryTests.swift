import NIOCore
import TaskCache
import Testing

@Suite("Shared-tier entries are checked before they are believed")
struct SharedEntryTests {
    static let entry = SharedEntry(
        epoch: 3, storedAtWallNanos: 1_764_000_000_000_000_000, lifetimeNanos: 600_000_000_000, identityLength: 42,
        contentType: "application/json; charset=utf-8", etag: "\"abc\"", associates: AssociateSet([30, 491]),
        tasks: [TaskRef(id: 3001, associateId: 30)], gzipBody: ByteBuffer(bytes: [0x1F, 0x8B, 8, 0, 1, 2, 3])
    )

    @Test("An entry reads back exactly as written")
    func roundTrip() throws {
        let bytes = Self.entry.encoded(keyDigest: "k1", allocator: ByteBufferAllocator())
        #expect(try SharedEntry(decoding: bytes, keyDigest: "k1", maxIdentityLength: 1000) == Self.entry)
    }

    @Test("Any flipped byte, a cut, trailing bytes, another key or another format version is refused with its reason")
    func damageIsRefused() throws {
        let bytes = Self.entry.encoded(keyDigest: "k1", allocator: ByteBufferAllocator())
        var reasons: Set<SharedEntryError> = []
        for offset in 0..<bytes.readableBytes {
            var damaged = bytes
            damaged.setInteger(bytes.getInteger(at: offset, as: UInt8.self)! ^ 0x5A, at: offset)
            #expect(throws: SharedEntryError.self) { try SharedEntry(decoding: damaged, keyDigest: "k1", maxIdentityLength: 1000) }
            do { _ = try SharedEntry(decoding: damaged, keyDigest: "k1", maxIdentityLength: 1000) } catch { reasons.insert(error) }
        }
        #expect(reasons.isSuperset(of: [.malformed, .version, .length, .checksum]))
        #expect(throws: SharedEntryError.length) { try SharedEntry(decoding: bytes.getSlice(at: 0, length: bytes.readableBytes - 1)!, keyDigest: "k1", maxIdentityLength: 1000) }
        var longer = bytes
        longer.writeString("x")
        #expect(throws: SharedEntryError.length) { try SharedEntry(decoding: longer, keyDigest: "k1", maxIdentityLength: 1000) }
        #expect(throws: SharedEntryError.checksum) { try SharedEntry(decoding: bytes, keyDigest: "k2", maxIdentityLength: 1000) }
        #expect(throws: SharedEntryError.malformed) { try SharedEntry(decoding: bytes, keyDigest: "k1", maxIdentityLength: 41) }
        #expect(throws: SharedEntryError.malformed) { try SharedEntry(decoding: ByteBuffer(string: "hello"), keyDigest: "k1", maxIdentityLength: 1000) }
    }

    @Test("Key digests are stable, and differ whenever any key part differs")
    func digests() {
        let key = TaskCacheKey(identity: "id", endpoint: .getBatchTaskInfosByAssociates, body: TaskRequestBody(associates: AssociateSet([491, 30, 30]), extra: ""))
        var same = key
        same.body.associates = AssociateSet([30, 491])
        #expect(key.digest == same.digest)
        #expect(key.digest.count == 32)
        var variants = [key]
        variants.append({ var k = key; k.identity = "other"; return k }())
        variants.append({ var k = key; k.select = "Id"; return k }())
        variants.append({ var k = key; k.representation = .xml; return k }())
        variants.append({ var k = key; k.timeZone = "NO"; return k }())
        variants.append({ var k = key; k.language = "en"; return k }())
        variants.append({ var k = key; k.body.extra = "Started"; return k }())
        variants.append({ var k = key; k.body.associates = AssociateSet([30]); return k }())
        #expect(Set(variants.map(\.digest)).count == variants.count)
    }
}
