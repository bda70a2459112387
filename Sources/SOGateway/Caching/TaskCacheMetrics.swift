import NIOConcurrencyHelpers

/// Hit, miss, stale, coalescing and invalidation counters of the task cache, read by the metrics endpoint.
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

        mutating func record(_ reason: EvictionReason, removed: Int) {
            invalidations[reason, default: 0] += 1
            evicted[reason, default: 0] += removed
        }
    }

    private let box = NIOLockedValueBox(Snapshot())

    public init() {}

    func record(_ update: (inout Snapshot) -> Void) {
        box.withLockedValue(update)
    }

    public var snapshot: Snapshot { box.withLockedValue { $0 } }
}
