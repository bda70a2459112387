import Coalescing
import GatewayClock
import GatewayConfig
import NIOCore
import TaskCache

/// The task cache's long-lived parts (entries, in-flight fills, the bus to other replicas), kept across
/// configuration reloads when the cache settings did not change, so a SIGHUP does not empty the cache.
public final class TaskCacheState: Sendable {
    public let settings: CacheConfig
    public let store: TaskCacheStore
    /// Every freshness decision reads this clock (tests move a manual one).
    public let clock: GatewayClock
    /// Carries invalidations to and from other replicas (`cache.bus`); nil = this replica only.
    public let bus: CacheBus?
    /// The tier every replica shares in Redis (`cache.shared_store`); nil = this replica's memory only.
    public let shared: SharedTier?
    /// The shared tier's names for these settings.
    let keyspace: SharedKeyspace?
    /// Coalesces identical misses: one upstream call, every waiter gets its answer. Keyed with the
    /// associates' invalidation generation, so a request after a write never joins a fill that read before it.
    let fills = SingleFlight<FillKey, TaskCacheStage.FillOutcome>()
    /// Background refreshes for stale-while-revalidate, one per key at a time.
    let refreshes = SingleFlight<FillKey, TaskCacheStage.FillOutcome>()
    /// Coalesces identical calls for missing per-associate fragments (`cache.compose_by_associate`).
    let fragmentFills = SingleFlight<FillKey, FragmentOutcome>()
    public let counters = TaskCacheMetrics()

    public init(settings: CacheConfig, clock: GatewayClock = .system, bus: CacheBus? = nil, shared: SharedTier? = nil) {
        self.settings = settings
        self.store = TaskCacheStore(maxBytes: settings.maxBytes)
        self.clock = clock
        self.bus = bus
        self.shared = shared
        self.keyspace = shared.map { SharedKeyspace(tenant: $0.tenant, settings: settings) }
    }

    /// Reuses this state for `settings` when nothing that affects stored entries changed.
    public func reused(for settings: CacheConfig) -> TaskCacheState {
        if settings == self.settings { return self }
        return TaskCacheState(settings: settings, clock: clock, bus: bus, shared: shared)
    }

    /// The most any entry may be treated as fresh right now: `active_ttl` while the bus is configured but not
    /// subscribed (this replica cannot hear other replicas' writes), otherwise no cap. A lock-free read.
    var freshnessCap: TimeAmount? {
        guard let bus, !bus.isSubscribed else { return nil }
        return settings.activeTTL
    }

    /// Evicts what `invalidation` names, counts it under `reason`, and (for this replica's own writes and
    /// purges) deletes it from the shared tier and tells the other replicas.
    /// - Parameter eventLoop: where the shared tier's command runs (the request's loop); nil = any.
    /// - Returns: how many entries were removed here, and when the shared tier applied it (bounded by
    ///   `cache.shared_timeout`; at once without a shared tier or while it is unreachable).
    @discardableResult
    public func invalidate(
        _ invalidation: Invalidation, reason: EvictionReason, on eventLoop: (any EventLoop)? = nil
    ) -> (removed: Int, shared: EventLoopFuture<Void>?) {
        let result = store.invalidate(invalidation)
        counters.recordInvalidation(reason, removed: result.removed)
        guard reason.isLocal else { return (result.removed, nil) }
        // Redis first, then the bus: a replica that hears the bus and reads Redis again finds it clean.
        let applied = shared.flatMap { shared in
            keyspace.map { shared.invalidate(result.resolved, keyspace: $0, on: eventLoop ?? shared.anyEventLoop) }
        }
        bus?.publish(result.resolved)
        return (result.removed, applied)
    }
}

/// A fill's single-flight key: the cache key and the invalidation generation of its associates.
struct FillKey: Hashable, Sendable {
    var key: TaskCacheKey
    var generation: UInt64
}
