import GatewayConfig
import NIOCore
import TaskCache

/// The task cache's long-lived parts (entries, in-flight fills), kept across configuration reloads when
/// the cache settings did not change, so a SIGHUP does not empty the cache.
public final class TaskCacheState: Sendable {
    public let settings: CacheConfig
    public let store: TaskCacheStore
    /// Coalesces identical misses: one upstream call, every waiter gets its answer.
    let fills = SingleFlight<TaskCacheKey, TaskCacheStage.FillOutcome>()
    /// Background refreshes for stale-while-revalidate, one per key at a time.
    let refreshes = SingleFlight<TaskCacheKey, TaskCacheStage.FillOutcome>()
    /// Coalesces identical calls for missing per-associate fragments (`cache.compose_by_associate`).
    let fragmentFills = SingleFlight<TaskCacheKey, FragmentOutcome>()
    public let counters = TaskCacheMetrics()

    public init(settings: CacheConfig) {
        self.settings = settings
        self.store = TaskCacheStore(maxBytes: settings.maxBytes)
    }

    /// Reuses this state for `settings` when nothing that affects stored entries changed.
    public func reused(for settings: CacheConfig) -> TaskCacheState {
        if settings == self.settings { return self }
        return TaskCacheState(settings: settings)
    }
}
