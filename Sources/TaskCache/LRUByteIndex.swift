/// The store's state: a byte-bounded LRU list kept in arrays (slots linked by index, no per-entry objects),
/// with a key index and an associate index, so get, put and purge-by-associate never scan every entry.
/// Not thread-safe on its own; `TaskCacheStore` keeps it behind a lock.
struct LRUByteIndex {
    private struct Entry {
        var key: TaskCacheKey
        var answer: CachedAnswer
        var cost: Int
    }

    private static let none = -1

    private var entries: [Entry?] = []
    private var newer: [Int] = []
    private var older: [Int] = []
    private var freeSlots: [Int] = []
    private var slotByKey: [TaskCacheKey: Int] = [:]
    /// Most associates appear in one cached set only: `.one` keeps those without a `Set` allocation each,
    /// which over thousands of distinct sets cost more memory than the answers themselves.
    private var slotsByAssociate: [Int32: AssociateSlots] = [:]
    private var newest = LRUByteIndex.none
    private var oldest = LRUByteIndex.none

    private(set) var maxBytes: Int
    private(set) var storedBytes = 0
    private(set) var evictions = 0

    init(maxBytes: Int) {
        self.maxBytes = max(maxBytes, 0)
    }

    var count: Int { slotByKey.count }

    /// Returns the answer and marks it most recently used.
    mutating func get(_ key: TaskCacheKey) -> CachedAnswer? {
        guard let slot = slotByKey[key], let entry = entries[slot] else { return nil }
        unlink(slot)
        linkAsNewest(slot)
        return entry.answer
    }

    /// Returns the answer without touching the LRU order.
    func peek(_ key: TaskCacheKey) -> CachedAnswer? {
        guard let slot = slotByKey[key] else { return nil }
        return entries[slot]?.answer
    }

    /// Inserts or replaces; evicts least recently used entries until the new one fits. An answer costing more
    /// than `maxBytes` is not stored, and any older answer under the same key is dropped (it is superseded).
    mutating func put(_ key: TaskCacheKey, _ answer: CachedAnswer) {
        if let existing = slotByKey[key] {
            remove(slot: existing)
        }
        let cost = answer.cost
        guard cost <= maxBytes else { return }
        while storedBytes + cost > maxBytes, oldest != Self.none {
            remove(slot: oldest)
            evictions += 1
        }
        let slot: Int
        if let reused = freeSlots.popLast() {
            slot = reused
            entries[slot] = Entry(key: key, answer: answer, cost: cost)
        } else {
            slot = entries.count
            entries.append(Entry(key: key, answer: answer, cost: cost))
            newer.append(Self.none)
            older.append(Self.none)
        }
        slotByKey[key] = slot
        for id in answer.associates.ids {
            slotsByAssociate[id] = slotsByAssociate[id].map { $0.inserting(slot) } ?? .one(slot)
        }
        storedBytes += cost
        linkAsNewest(slot)
    }

    /// Removes one key; returns whether it was present.
    mutating func remove(_ key: TaskCacheKey) -> Bool {
        guard let slot = slotByKey[key] else { return false }
        remove(slot: slot)
        return true
    }

    /// Removes every entry whose associate set contains `associate`; returns how many.
    mutating func purge(associate: Int32) -> Int {
        guard let slots = slotsByAssociate[associate]?.all else { return 0 }
        for slot in slots {
            remove(slot: slot)
        }
        return slots.count
    }

    /// Removes everything; returns how many entries there were. Counters other than size are kept.
    mutating func purgeAll() -> Int {
        let removed = slotByKey.count
        entries.removeAll()
        newer.removeAll()
        older.removeAll()
        freeSlots.removeAll()
        slotByKey.removeAll()
        slotsByAssociate.removeAll()
        newest = Self.none
        oldest = Self.none
        storedBytes = 0
        return removed
    }

    /// Changes the budget, evicting least recently used entries until within it.
    mutating func resize(maxBytes: Int) {
        self.maxBytes = max(maxBytes, 0)
        while storedBytes > self.maxBytes, oldest != Self.none {
            remove(slot: oldest)
            evictions += 1
        }
    }

    /// Keys from most to least recently used (for tests and diagnostics).
    var keysByRecency: [TaskCacheKey] {
        var keys: [TaskCacheKey] = []
        var slot = newest
        while slot != Self.none {
            if let entry = entries[slot] {
                keys.append(entry.key)
            }
            slot = older[slot]
        }
        return keys
    }

    private mutating func remove(slot: Int) {
        guard let entry = entries[slot] else { return }
        unlink(slot)
        slotByKey.removeValue(forKey: entry.key)
        for id in entry.answer.associates.ids {
            slotsByAssociate[id] = slotsByAssociate[id]?.removing(slot)
        }
        storedBytes -= entry.cost
        entries[slot] = nil
        freeSlots.append(slot)
    }

    private mutating func unlink(_ slot: Int) {
        let before = newer[slot]
        let after = older[slot]
        if before != Self.none { older[before] = after } else { newest = after }
        if after != Self.none { newer[after] = before } else { oldest = before }
        newer[slot] = Self.none
        older[slot] = Self.none
    }

    private mutating func linkAsNewest(_ slot: Int) {
        newer[slot] = Self.none
        older[slot] = newest
        if newest != Self.none { newer[newest] = slot }
        newest = slot
        if oldest == Self.none { oldest = slot }
    }
}
