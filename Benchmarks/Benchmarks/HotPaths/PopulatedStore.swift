import NIOCore
import TaskCache

/// A `TaskCacheStore` filled with distinct 20-associate sets sharing one compressed answer, and the keys
/// to look them up with, so the lookup benchmark starts from a realistic, warm store.
struct PopulatedStore: Sendable {
    /// The store.
    let store: TaskCacheStore
    /// One key per stored entry, in insertion order.
    let keys: [TaskCacheKey]
    /// A key that is not stored.
    let absentKey: TaskCacheKey

    /// Fills a store with `entries` answers.
    /// - Parameter entries: how many distinct associate sets to store.
    init(entries: Int) throws {
        let answer = try CachedAnswer.make(
            identityBody: TaskAnswerFixture.body, contentType: "application/json; charset=utf-8",
            associates: AssociateSet(TaskBodyFixture.associates), level: 6, now: .now(), lifetime: .seconds(60),
            allocator: ByteBufferAllocator()
        )
        // The entries share one buffer (copy on write), so the budget is about bookkeeping, not bytes held.
        store = TaskCacheStore(maxBytes: entries * (answer.cost + 1024))
        var keys: [TaskCacheKey] = []
        keys.reserveCapacity(entries)
        for entry in 0..<entries {
            let first = Int32(entry * 20)
            let set = AssociateSet(first..<first + 20)
            let key = Self.key(set)
            var stored = answer
            stored.associates = set
            store.put(key, stored)
            keys.append(key)
        }
        self.keys = keys
        absentKey = Self.key(AssociateSet([-1, -2, -3]))
    }

    private static func key(_ set: AssociateSet) -> TaskCacheKey {
        TaskCacheKey(
            identity: TaskBodyFixture.identity, endpoint: .getBatchTaskInfosByAssociates,
            body: TaskRequestBody(associates: set, extra: ""), timeZone: "UTC"
        )
    }
}
