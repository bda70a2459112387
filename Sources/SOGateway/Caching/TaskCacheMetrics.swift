import Atomics

/// Hit, miss, stale, coalescing and invalidation counters of the task cache, read by the metrics endpoint.
///
/// Each counter is an atomic, so task requests on different loops count without waiting for each other;
/// `snapshot` reads them one by one (a scrape racing a request may see one counter advanced before another).
public final class TaskCacheMetrics: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var hits = 0
        public var misses = 0
        public var staleServed = 0
        public var coalescedWaits = 0
        public var stores = 0
        public var rejectedBodies = 0
        /// Fills whose answer was read before a write to its associates, so it was served but not stored.
        public var discardedFills = 0
        /// Calls the cache made upstream (fills, fragment fills, refreshes).
        public var upstreamCalls = 0
        /// Invalidation events by reason.
        public var invalidations: [EvictionReason: Int] = [:]
        /// Entries removed by invalidations, by reason.
        public var evicted: [EvictionReason: Int] = [:]
    }

    /// What one request did, counted once.
    enum Event: Int, CaseIterable {
        case hit, miss, staleServed, coalescedWait, store, rejectedBody, discardedFill, upstreamCall
    }

    private let events = Event.allCases.map { _ in ManagedAtomic<Int>(0) }
    private let invalidations = EvictionReason.allCases.map { _ in ManagedAtomic<Int>(0) }
    private let evicted = EvictionReason.allCases.map { _ in ManagedAtomic<Int>(0) }

    public init() {}

    func count(_ event: Event) {
        events[event.rawValue].wrappingIncrement(ordering: .relaxed)
    }

    /// One invalidation event and the entries it removed.
    func recordInvalidation(_ reason: EvictionReason, removed: Int) {
        guard let index = EvictionReason.allCases.firstIndex(of: reason) else { return }
        invalidations[index].wrappingIncrement(ordering: .relaxed)
        evicted[index].wrappingIncrement(by: removed, ordering: .relaxed)
    }

    public var snapshot: Snapshot {
        func read(_ event: Event) -> Int { events[event.rawValue].load(ordering: .relaxed) }
        var snapshot = Snapshot(
            hits: read(.hit), misses: read(.miss), staleServed: read(.staleServed), coalescedWaits: read(.coalescedWait),
            stores: read(.store), rejectedBodies: read(.rejectedBody), discardedFills: read(.discardedFill),
            upstreamCalls: read(.upstreamCall)
        )
        for (index, reason) in EvictionReason.allCases.enumerated() {
            let events = invalidations[index].load(ordering: .relaxed)
            guard events > 0 else { continue }
            snapshot.invalidations[reason] = events
            snapshot.evicted[reason] = evicted[index].load(ordering: .relaxed)
        }
        return snapshot
    }
}
