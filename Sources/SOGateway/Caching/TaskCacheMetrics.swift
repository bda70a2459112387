import NIOConcurrencyHelpers

/// Hit, miss, stale and coalescing counters of the task cache, read by the metrics endpoint.
public final class TaskCacheMetrics: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var hits = 0
        public var misses = 0
        public var staleServed = 0
        public var coalescedWaits = 0
        public var stores = 0
        public var rejectedBodies = 0
    }

    private let box = NIOLockedValueBox(Snapshot())

    public init() {}

    func record(_ update: (inout Snapshot) -> Void) {
        box.withLockedValue(update)
    }

    public var snapshot: Snapshot { box.withLockedValue { $0 } }
}
