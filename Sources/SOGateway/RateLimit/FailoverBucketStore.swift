import GatewayClock
import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Shared buckets in Redis with a defined answer when Redis fails (`rate_limit.on_store_failure`), so a
/// Redis outage neither stalls requests nor silently drops the limits.
///
/// Healthy: every `take` goes to Redis, bounded by the store timeout. The first failure turns the store
/// degraded (one warning, one metric): from then on `take` answers at once by the policy — `open` allows,
/// `closed` denies with Retry-After 1 s, `local` uses per-replica buckets (`LocalBucketStore`, limits divided
/// by `rate_limit.replicas`). While degraded a background probe runs the real script once per interval;
/// when it succeeds the store is healthy again (one notice, one metric). No request waits on a degraded
/// store, and none waits longer than the store timeout on a healthy one.
public final class FailoverBucketStore: BucketStore {
    /// The shared store.
    public let primary: RedisBucketStore
    /// What `take` answers while Redis is unreachable.
    public let policy: StoreFailurePolicy
    private let fallback: LocalBucketStore
    private let logger: Logger
    private let metrics: GatewayMetrics?
    private let probeInterval: TimeAmount
    private let health = NIOLockedValueBox(Health())

    static let transitionsMetric = "so_gateway_ratelimit_store_transitions_total"
    /// The bucket the probe takes from: its own key, a limit it never reaches, expiring within seconds.
    static let probeKey = "probe"

    private struct Health {
        var healthy = true
        var stopped = false
        /// Identifies the current probe chain; a chain whose number is stale stops, so there is never more
        /// than one probe per interval.
        var chain: UInt64 = 0
    }

    /// Wraps `primary`.
    /// - Parameters:
    ///   - replicas: `rate_limit.replicas`; the `local` policy gives each replica this share of every limit.
    ///   - probeInterval: how often a degraded store retries Redis (default 1 s).
    public init(
        primary: RedisBucketStore, policy: StoreFailurePolicy, replicas: Int, logger: Logger, metrics: GatewayMetrics?,
        probeInterval: TimeAmount = .seconds(1), clock: GatewayClock = .system
    ) {
        self.primary = primary
        self.policy = policy
        self.fallback = LocalBucketStore(divisor: replicas, clock: clock)
        self.logger = logger
        self.metrics = metrics
        self.probeInterval = probeInterval
    }

    /// The store the `rate_limit` block asks for; `nil` when it names no Redis (buckets stay local).
    public convenience init?(
        config: RateLimitConfig, group: any EventLoopGroup, logger: Logger, metrics: GatewayMetrics?, clock: GatewayClock = .system
    ) {
        guard let url = config.store else { return nil }
        self.init(
            primary: RedisBucketStore(url: url, timeout: config.storeTimeout, group: group),
            policy: config.onStoreFailure, replicas: config.replicas, logger: logger, metrics: metrics, clock: clock
        )
    }

    /// Whether Redis answered the last time it was asked (for `/readyz`).
    public var isHealthy: Bool {
        health.withLockedValue { $0.healthy }
    }

    public func take(key: String, rate: Double, burst: Int, on eventLoop: any EventLoop) -> EventLoopFuture<BucketDecision> {
        guard isHealthy else {
            return eventLoop.makeSucceededFuture(degradedDecision(key: key, rate: rate, burst: burst))
        }
        return primary.take(key: key, rate: rate, burst: burst, on: eventLoop).flatMapError { error in
            self.primaryFailed(error, on: eventLoop)
            return eventLoop.makeSucceededFuture(self.degradedDecision(key: key, rate: rate, burst: burst))
        }
    }

    /// Asks Redis now (the real script, on the probe key) and updates `isHealthy`, with the same log line
    /// and metric as a failing or recovering `take`; for a readiness check or at startup, when no traffic
    /// has told the store yet. Succeeds with the new `isHealthy`.
    public func probe(on eventLoop: any EventLoop) -> EventLoopFuture<Bool> {
        primary.take(key: Self.probeKey, rate: 1000, burst: 1000, on: eventLoop).map { _ in
            self.recovered()
            return self.isHealthy
        }.flatMapError { error in
            self.primaryFailed(error, on: eventLoop)
            return eventLoop.makeSucceededFuture(self.isHealthy)
        }
    }

    /// Stops probing and closes the Redis connections.
    public func shutdown() async {
        health.withLockedValue { $0.stopped = true }
        await primary.shutdown()
    }

    /// The policy's answer while Redis is unreachable.
    func degradedDecision(key: String, rate: Double, burst: Int) -> BucketDecision {
        let limit = Double(burst)
        let window = TimeAmount.nanoseconds(Int64((limit / rate * 1e9).rounded(.up)))
        switch policy {
        case .open:
            return BucketDecision(allowed: true, remaining: limit, retryAfter: .zero, limit: limit, window: window)
        case .closed:
            return BucketDecision(allowed: false, remaining: 0, retryAfter: .seconds(1), limit: limit, window: window)
        case .local:
            return fallback.takeNow(key: key, rate: rate, burst: burst)
        }
    }

    private func primaryFailed(_ error: any Error, on eventLoop: any EventLoop) {
        // The transition is counted while the state changes, so whoever sees the new state sees it counted.
        let chain = health.withLockedValue { health -> UInt64? in
            guard health.healthy, !health.stopped else { return nil }
            health.healthy = false
            health.chain &+= 1
            metrics?.increment(Self.transitionsMetric, dimensions: [("to", "degraded")])
            return health.chain
        }
        guard let chain else { return }
        logger.warning(
            "Rate-limit store unreachable; applying on_store_failure until it answers again",
            metadata: ["policy": "\(policy.rawValue)", "error": "\(error)"]
        )
        scheduleProbe(chain: chain, on: eventLoop)
    }

    /// One probe chain runs per degraded period: it starts on the transition and ends on recovery, on
    /// shutdown, or when a newer chain replaced it.
    private func scheduleProbe(chain: UInt64, on eventLoop: any EventLoop) {
        eventLoop.scheduleTask(in: probeInterval) {
            self.backgroundProbe(chain: chain, on: eventLoop)
        }
    }

    private func backgroundProbe(chain: UInt64, on eventLoop: any EventLoop) {
        let current = health.withLockedValue { !$0.stopped && !$0.healthy && $0.chain == chain }
        guard current else { return }
        primary.take(key: Self.probeKey, rate: 1000, burst: 1000, on: eventLoop).whenComplete { result in
            switch result {
            case .success:
                self.recovered()
            case .failure:
                self.scheduleProbe(chain: chain, on: eventLoop)
            }
        }
    }

    private func recovered() {
        let changed = health.withLockedValue { health -> Bool in
            guard !health.healthy, !health.stopped else { return false }
            health.healthy = true
            metrics?.increment(Self.transitionsMetric, dimensions: [("to", "healthy")])
            return true
        }
        guard changed else { return }
        logger.notice("Rate-limit store answers again; shared buckets resumed", metadata: ["policy": "\(policy.rawValue)"])
    }
}
