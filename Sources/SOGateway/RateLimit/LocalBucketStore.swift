import GatewayClock
import NIOConcurrencyHelpers
import NIOCore

/// Token buckets in this process's memory: the single-node store, and the `local` fallback when Redis fails.
public final class LocalBucketStore: BucketStore {
    private let buckets = NIOLockedValueBox([String: TokenBucket]())
    /// Divides every limit, for the per-replica share when the shared store is down (`rate_limit.replicas`).
    let divisor: Double
    /// Refill is computed from its readings.
    let clock: GatewayClock

    public init(divisor: Int = 1, clock: GatewayClock = .system) {
        self.divisor = Double(max(1, divisor))
        self.clock = clock
    }

    public func take(key: String, rate: Double, burst: Int, on eventLoop: any EventLoop) -> EventLoopFuture<BucketDecision> {
        eventLoop.makeSucceededFuture(takeNow(key: key, rate: rate, burst: burst))
    }

    public func immediateDecision(key: String, rate: Double, burst: Int) -> BucketDecision? {
        takeNow(key: key, rate: rate, burst: burst)
    }

    /// The synchronous form, for callers on the hot path that need no future.
    public func takeNow(key: String, rate: Double, burst: Int) -> BucketDecision {
        let now = clock.now()
        let shareRate = rate / divisor
        let shareBurst = max(1, Int((Double(burst) / divisor).rounded(.up)))
        return buckets.withLockedValue { table in
            var bucket = table[key] ?? TokenBucket(rate: shareRate, burst: shareBurst, now: now)
            if bucket.rate != shareRate || bucket.burst != Double(shareBurst) {
                // The configuration changed (reload): start the new policy full rather than carry odd state.
                bucket = TokenBucket(rate: shareRate, burst: shareBurst, now: now)
            }
            let decision = bucket.take(now: now)
            table[key] = bucket
            return decision
        }
    }
}
