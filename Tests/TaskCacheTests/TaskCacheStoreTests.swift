import NIOCore
import Testing
@testable import TaskCache
import TestSupport

@Suite("Task cache store")
struct TaskCacheStoreTests {
    private static let overhead = answer(size: 0, associates: [1]).overhead

    private static func key(_ name: String, identity: String = "identity") -> TaskCacheKey {
        TaskCacheKey(identity: identity, endpoint: .getBatchTaskInfosByAssociates, body: TaskRequestBody(associates: AssociateSet([1]), extra: ""), select: name)
    }

    private static func answer(size: Int, associates: [Int32] = [1], storedAt: NIODeadline = .uptimeNanoseconds(0)) -> CachedAnswer {
        CachedAnswer(
            gzipBody: ByteBuffer(repeating: 0xAB, count: size), identityLength: size * 3, contentType: "application/json",
            etag: "\"etag\"", storedAt: storedAt, lifetime: .seconds(60), associates: AssociateSet(associates)
        )
    }

    /// A store with room for exactly `entries` answers of `size` bytes (each with one associate). Sizes in these
    /// tests are powers of two, so an answer's buffer capacity (what `cost` counts) equals its size.
    private static func store(entries: Int, size: Int) -> TaskCacheStore {
        TaskCacheStore(maxBytes: entries * answer(size: size).cost)
    }

    @Test("a miss is nil; a stored answer is returned")
    func getAndPut() {
        let store = TaskCacheStore(maxBytes: 1 << 20)
        #expect(store.get(Self.key("a")) == nil)
        store.put(Self.key("a"), Self.answer(size: 16))
        #expect(store.get(Self.key("a"))?.gzipBody.readableBytes == 16)
        #expect(store.counters == TaskCacheCounters(entries: 1, storedBytes: 16 + Self.overhead, evictions: 0))
    }

    @Test("the least recently used entry is evicted first, and get refreshes recency")
    func lruOrder() {
        let store = Self.store(entries: 3, size: 128)
        store.put(Self.key("a"), Self.answer(size: 128))
        store.put(Self.key("b"), Self.answer(size: 128))
        store.put(Self.key("c"), Self.answer(size: 128))
        #expect(store.get(Self.key("a")) != nil)
        store.put(Self.key("d"), Self.answer(size: 128))
        #expect(store.peek(Self.key("b")) == nil)
        #expect(store.keysByRecency.map(\.select) == ["d", "a", "c"])
        #expect(store.counters.evictions == 1)
    }

    @Test("peek does not refresh recency")
    func peekKeepsOrder() {
        let store = Self.store(entries: 2, size: 16)
        store.put(Self.key("a"), Self.answer(size: 16))
        store.put(Self.key("b"), Self.answer(size: 16))
        #expect(store.peek(Self.key("a")) != nil)
        store.put(Self.key("c"), Self.answer(size: 16))
        #expect(store.peek(Self.key("a")) == nil)
        #expect(store.peek(Self.key("b")) != nil)
    }

    @Test("a large answer evicts as many entries as it needs")
    func evictsSeveral() {
        let store = Self.store(entries: 4, size: 128)
        for name in ["a", "b", "c", "d"] {
            store.put(Self.key(name), Self.answer(size: 128))
        }
        store.put(Self.key("big"), Self.answer(size: 1024))
        #expect(store.keysByRecency.map(\.select) == ["big", "d"])
        #expect(store.counters.evictions == 3)
        #expect(store.counters.storedBytes <= store.maxBytes)
    }

    @Test("stored bytes is the sum of the entries' costs through puts, replacements and removals")
    func byteAccounting() {
        let store = TaskCacheStore(maxBytes: 1 << 20)
        store.put(Self.key("a"), Self.answer(size: 128))
        store.put(Self.key("b"), Self.answer(size: 64))
        #expect(store.counters.storedBytes == 192 + 2 * Self.overhead)
        store.put(Self.key("a"), Self.answer(size: 16))
        #expect(store.counters.storedBytes == 80 + 2 * Self.overhead)
        #expect(store.counters.entries == 2)
        #expect(store.remove(Self.key("b")))
        #expect(!store.remove(Self.key("b")))
        #expect(store.counters == TaskCacheCounters(entries: 1, storedBytes: 16 + Self.overhead, evictions: 0))
    }

    @Test("an answer larger than the budget is not stored and drops the answer it would replace")
    func oversize() {
        let store = Self.store(entries: 2, size: 128)
        store.put(Self.key("a"), Self.answer(size: 128))
        store.put(Self.key("b"), Self.answer(size: 128))
        store.put(Self.key("a"), Self.answer(size: 10_000))
        #expect(store.peek(Self.key("a")) == nil)
        #expect(store.peek(Self.key("b")) != nil)
        #expect(store.counters == TaskCacheCounters(entries: 1, storedBytes: 128 + Self.overhead, evictions: 0))
    }

    @Test("an answer of exactly the budget fits")
    func exactFit() {
        let store = Self.store(entries: 1, size: 128)
        store.put(Self.key("a"), Self.answer(size: 128))
        #expect(store.counters.entries == 1)
        #expect(store.counters.storedBytes == store.maxBytes)
    }

    @Test("purge by associate removes exactly the entries whose set contains it")
    func purgeByAssociate() {
        let store = TaskCacheStore(maxBytes: 1 << 20)
        store.put(Self.key("12"), Self.answer(size: 16, associates: [1, 2]))
        store.put(Self.key("23"), Self.answer(size: 16, associates: [2, 3]))
        store.put(Self.key("4"), Self.answer(size: 16, associates: [4]))
        #expect(store.purge(associate: 2) == 2)
        #expect(store.keysByRecency.map(\.select) == ["4"])
        #expect(store.purge(associate: 1) == 0)
        #expect(store.purge(associate: 3) == 0)
        #expect(store.purge(associate: 99) == 0)
        #expect(store.counters == TaskCacheCounters(entries: 1, storedBytes: 16 + Self.overhead, evictions: 0))
    }

    @Test("the associate index follows evictions and replacements")
    func indexFollowsChanges() {
        let store = Self.store(entries: 1, size: 16)
        store.put(Self.key("a"), Self.answer(size: 16, associates: [7]))
        store.put(Self.key("b"), Self.answer(size: 16, associates: [7]))
        #expect(store.purge(associate: 7) == 1)
        store.put(Self.key("c"), Self.answer(size: 16, associates: [8]))
        store.put(Self.key("c"), Self.answer(size: 16, associates: [9]))
        #expect(store.purge(associate: 8) == 0)
        #expect(store.purge(associate: 9) == 1)
        #expect(store.counters.entries == 0)
    }

    @Test("purge all empties the store but keeps the eviction count")
    func purgeAll() {
        let store = Self.store(entries: 2, size: 16)
        for name in ["a", "b", "c"] {
            store.put(Self.key(name), Self.answer(size: 16))
        }
        #expect(store.purgeAll() == 2)
        #expect(store.counters == TaskCacheCounters(entries: 0, storedBytes: 0, evictions: 1))
        store.put(Self.key("d"), Self.answer(size: 16))
        #expect(store.get(Self.key("d")) != nil)
    }

    @Test("shrinking evicts least recently used entries; growing keeps everything")
    func resize() {
        let store = Self.store(entries: 4, size: 16)
        for name in ["a", "b", "c", "d"] {
            store.put(Self.key(name), Self.answer(size: 16))
        }
        _ = store.get(Self.key("a"))
        store.resize(maxBytes: 2 * (16 + Self.overhead))
        #expect(store.keysByRecency.map(\.select) == ["a", "d"])
        #expect(store.counters.evictions == 2)
        store.resize(maxBytes: 1 << 20)
        #expect(store.counters.entries == 2)
        store.resize(maxBytes: 0)
        #expect(store.counters.entries == 0)
        store.put(Self.key("e"), Self.answer(size: 1))
        #expect(store.counters.entries == 0)
    }

    @Test("every key field separates entries")
    func keyFieldsSeparate() {
        let base = TaskCacheKey(identity: "i", endpoint: .getBatchTaskInfosByAssociates, body: TaskRequestBody(associates: AssociateSet([1]), extra: ""))
        var variants: [TaskCacheKey] = [base]
        var changed = base
        changed.identity = "j"
        variants.append(changed)
        changed = base
        changed.endpoint = .getBatchTaskInfosByAssociatesAndState
        variants.append(changed)
        changed = base
        changed.body = TaskRequestBody(associates: AssociateSet([2]), extra: "")
        variants.append(changed)
        changed = base
        changed.body.extra = "New"
        variants.append(changed)
        changed = base
        changed.select = "id"
        variants.append(changed)
        changed = base
        changed.representation = .xml
        variants.append(changed)
        changed = base
        changed.language = "no"
        variants.append(changed)
        changed = base
        changed.acceptLanguage = "nb"
        variants.append(changed)
        changed = base
        changed.culture = "nb-NO"
        variants.append(changed)
        changed = base
        changed.timeZone = "UTC"
        variants.append(changed)
        let store = TaskCacheStore(maxBytes: 1 << 20)
        for (index, key) in variants.enumerated() {
            store.put(key, Self.answer(size: index + 1))
        }
        #expect(store.counters.entries == variants.count)
        for (index, key) in variants.enumerated() {
            #expect(store.get(key)?.gzipBody.readableBytes == index + 1)
        }
    }

    @Test("lookup reports the answer's age")
    func lookupAge() throws {
        let store = TaskCacheStore(maxBytes: 1 << 20)
        store.put(Self.key("a"), Self.answer(size: 1, storedAt: .uptimeNanoseconds(1_000_000_000)))
        let found = try #require(store.lookup(Self.key("a"), now: .uptimeNanoseconds(6_000_000_000)))
        #expect(found.age == .seconds(5))
        #expect(store.lookup(Self.key("b"), now: .now()) == nil)
    }

    @Test("concurrent use keeps the accounting consistent")
    func concurrentUse() async {
        let store = Self.store(entries: 50, size: 64)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var generator = SeededGenerator(seed: UInt64(worker))
                    for step in 0..<2000 {
                        let name = String(Int.random(in: 0..<120, using: &generator))
                        switch step % 20 {
                        case 0: _ = store.purge(associate: Int32.random(in: 0..<10, using: &generator))
                        case 1...7: _ = store.get(Self.key(name))
                        default: store.put(Self.key(name), Self.answer(size: 64, associates: [Int32(step % 10)]))
                        }
                    }
                }
            }
        }
        let counters = store.counters
        #expect(counters.storedBytes <= store.maxBytes)
        #expect(counters.storedBytes == counters.entries * (64 + Self.overhead))
        #expect(store.keysByRecency.count == counters.entries)
        #expect(counters.evictions > 0)
    }
}
