import NIOConcurrencyHelpers
import NIOCore

/// The cached task answers: an LRU bounded by bytes (`CachedAnswer.cost`), shared by every event loop, so
/// memory stays within `max_bytes` however many associate sets partners ask about.
///
/// Thread-safe (one lock around `LRUByteIndex`); get, put and remove are O(1) and purge by associate is
/// proportional to the entries it removes. Evictions are counted.
public final class TaskCacheStore: Sendable {
    private let state: NIOLockedValueBox<LRUByteIndex>

    /// Creates an empty store.
    /// - Parameter maxBytes: the budget; entries costing more are never stored.
    public init(maxBytes: Int) {
        self.state = NIOLockedValueBox(LRUByteIndex(maxBytes: maxBytes))
    }

    /// Returns the answer for a key and marks it most recently used.
    /// - Parameter key: the request's key.
    public func get(_ key: TaskCacheKey) -> CachedAnswer? {
        state.withLockedValue { $0.get(key) }
    }

    /// Returns the answer and its age, marking it most recently used.
    /// - Parameters:
    ///   - key: the request's key.
    ///   - now: the current time.
    public func lookup(_ key: TaskCacheKey, now: NIODeadline) -> (answer: CachedAnswer, age: TimeAmount)? {
        guard let answer = get(key) else { return nil }
        return (answer, now - answer.storedAt)
    }

    /// Returns the answer without changing the LRU order (for background refresh and diagnostics).
    /// - Parameter key: the request's key.
    public func peek(_ key: TaskCacheKey) -> CachedAnswer? {
        state.withLockedValue { $0.peek(key) }
    }

    /// Stores or replaces an answer, evicting least recently used entries until it fits. An answer costing more
    /// than `maxBytes` is not stored, and an older answer under the same key is removed (it is superseded).
    /// - Parameters:
    ///   - key: the request's key.
    ///   - answer: the answer.
    public func put(_ key: TaskCacheKey, _ answer: CachedAnswer) {
        state.withLockedValue { $0.put(key, answer) }
    }

    /// Removes one entry.
    /// - Parameter key: the key to drop.
    /// - Returns: whether it was present.
    @discardableResult
    public func remove(_ key: TaskCacheKey) -> Bool {
        state.withLockedValue { $0.remove(key) }
    }

    /// Removes every entry.
    /// - Returns: how many entries were removed.
    @discardableResult
    public func purgeAll() -> Int {
        state.withLockedValue { $0.purgeAll() }
    }

    /// Removes every entry whose associate set contains `associate` (through an index, not a scan).
    /// - Parameter associate: the associate id.
    /// - Returns: how many entries were removed.
    @discardableResult
    public func purge(associate: Int32) -> Int {
        state.withLockedValue { $0.purge(associate: associate) }
    }

    /// Entries, stored bytes and evictions so far.
    public var counters: TaskCacheCounters {
        state.withLockedValue { TaskCacheCounters(entries: $0.count, storedBytes: $0.storedBytes, evictions: $0.evictions) }
    }

    /// The current budget in bytes.
    public var maxBytes: Int {
        state.withLockedValue { $0.maxBytes }
    }

    /// Changes the budget (config reload), evicting least recently used entries until within it.
    /// - Parameter maxBytes: the new budget.
    public func resize(maxBytes: Int) {
        state.withLockedValue { $0.resize(maxBytes: maxBytes) }
    }

    /// Keys from most to least recently used (for tests and diagnostics; O(n)).
    public var keysByRecency: [TaskCacheKey] {
        state.withLockedValue { $0.keysByRecency }
    }
}
