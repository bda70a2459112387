import NIOConcurrencyHelpers
import NIOCore

/// The cached task answers: an LRU bounded by bytes (`CachedAnswer.cost`), shared by every event loop, so
/// memory stays within `max_bytes` however many associate sets partners ask about.
///
/// Thread-safe (one lock around the entries, the invalidation ledger and the task index, so an invalidation
/// and a racing store are ordered exactly); get, put and remove are O(1) and invalidation by associate is
/// proportional to the entries it removes. Evictions are counted.
public final class TaskCacheStore: Sendable {
    private struct State {
        var entries: LRUByteIndex
        var ledger = InvalidationLedger()
        var tasks = TaskIndex()
    }

    private let state: NIOLockedValueBox<State>

    /// Creates an empty store.
    /// - Parameter maxBytes: the budget; entries costing more are never stored.
    public init(maxBytes: Int) {
        self.state = NIOLockedValueBox(State(entries: LRUByteIndex(maxBytes: maxBytes)))
    }

    /// Returns the answer for a key and marks it most recently used.
    /// - Parameter key: the request's key.
    public func get(_ key: TaskCacheKey) -> CachedAnswer? {
        state.withLockedValue { $0.entries.get(key) }
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
        state.withLockedValue { $0.entries.peek(key) }
    }

    /// Stores or replaces an answer, evicting least recently used entries until it fits. An answer costing more
    /// than `maxBytes` is not stored, and an older answer under the same key is removed (it is superseded).
    /// - Parameters:
    ///   - key: the request's key.
    ///   - answer: the answer.
    public func put(_ key: TaskCacheKey, _ answer: CachedAnswer) {
        state.withLockedValue { $0.entries.put(key, answer) }
    }

    /// What a fill notes before it asks upstream: the epoch (to check at store time) and the generation of its
    /// associates (requests with a newer generation do not join it).
    /// - Parameter associates: the fill's associates.
    public func startFill(for associates: AssociateSet) -> FillTicket {
        state.withLockedValue { FillTicket(epoch: $0.ledger.epoch, generation: $0.ledger.generation(of: associates)) }
    }

    /// Stores a filled answer unless one of its associates was invalidated after the fill started, and learns
    /// the answer's tasks for invalidation by task id.
    /// - Parameters:
    ///   - key: the request's key.
    ///   - answer: the answer.
    ///   - tasks: the tasks in the answer, with their associates.
    ///   - ticket: what the fill noted when it started.
    /// - Returns: false when the answer was read before an invalidation of its associates and was not stored.
    @discardableResult
    public func put(_ key: TaskCacheKey, _ answer: CachedAnswer, tasks: [TaskRef], ticket: FillTicket) -> Bool {
        state.withLockedValue { state in
            state.tasks.learn(tasks)
            guard state.ledger.allows(answer.associates, readAt: ticket.epoch) else { return false }
            state.entries.put(key, answer)
            return true
        }
    }

    /// Learns tasks without storing an answer (a started job's new id).
    /// - Parameter tasks: tasks and their associates.
    public func learn(_ tasks: [TaskRef]) {
        state.withLockedValue { $0.tasks.learn(tasks) }
    }

    /// Removes what an invalidation names, for every identity, and records it so fills that read before it are
    /// not stored. Task ids resolve to their associates through the task index; an unknown id means everything.
    /// - Parameter invalidation: what went stale.
    /// - Returns: how many entries were removed and the invalidation with task ids resolved.
    @discardableResult
    public func invalidate(_ invalidation: Invalidation) -> InvalidationResult {
        state.withLockedValue { state in
            var associates = invalidation.associates
            var everything = invalidation.everything
            for id in invalidation.taskIds where !everything {
                guard let associate = state.tasks.associate(of: id) else {
                    everything = true
                    break
                }
                associates.append(associate)
            }
            if everything {
                state.ledger.recordEverything()
                return InvalidationResult(removed: state.entries.purgeAll(), resolved: .all)
            }
            let set = AssociateSet(associates)
            state.ledger.record(associates: set.ids)
            var removed = 0
            for id in set.ids {
                removed += state.entries.purge(associate: id)
            }
            return InvalidationResult(removed: removed, resolved: Invalidation(associates: set.ids))
        }
    }

    /// Removes one entry.
    /// - Parameter key: the key to drop.
    /// - Returns: whether it was present.
    @discardableResult
    public func remove(_ key: TaskCacheKey) -> Bool {
        state.withLockedValue { $0.entries.remove(key) }
    }

    /// Removes every entry (and keeps fills in flight from storing what they read before).
    /// - Returns: how many entries were removed.
    @discardableResult
    public func purgeAll() -> Int {
        invalidate(.all).removed
    }

    /// Removes every entry whose associate set contains `associate` (through an index, not a scan).
    /// - Parameter associate: the associate id.
    /// - Returns: how many entries were removed.
    @discardableResult
    public func purge(associate: Int32) -> Int {
        invalidate(Invalidation(associates: [associate])).removed
    }

    /// Entries, stored bytes and evictions so far.
    public var counters: TaskCacheCounters {
        state.withLockedValue {
            TaskCacheCounters(entries: $0.entries.count, storedBytes: $0.entries.storedBytes, evictions: $0.entries.evictions)
        }
    }

    /// How many tasks the index knows.
    public var indexedTasks: Int {
        state.withLockedValue { $0.tasks.count }
    }

    /// The current budget in bytes.
    public var maxBytes: Int {
        state.withLockedValue { $0.entries.maxBytes }
    }

    /// Changes the budget (config reload), evicting least recently used entries until within it.
    /// - Parameter maxBytes: the new budget.
    public func resize(maxBytes: Int) {
        state.withLockedValue { $0.entries.resize(maxBytes: maxBytes) }
    }

    /// Keys from most to least recently used (for tests and diagnostics; O(n)).
    public var keysByRecency: [TaskCacheKey] {
        state.withLockedValue { $0.entries.keysByRecency }
    }
}

/// What a fill noted when it started (see `TaskCacheStore.startFill(for:)`).
public struct FillTicket: Sendable, Hashable {
    /// The store's invalidation epoch at the start.
    public var epoch: UInt64
    /// The last invalidation epoch of the fill's associates at the start.
    public var generation: UInt64
}
