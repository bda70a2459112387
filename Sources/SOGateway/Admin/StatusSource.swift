import Foundation
import GatewayConfig
import TaskCache
import GatewayClock
import NIOConcurrencyHelpers
import NIOCore

/// Gathers a `StatusReport` from the live parts of a running gateway: traffic and latency windows, the cache
/// in force, the circuit, identities, the Redis store and the cache bus.
public final class StatusSource: Sendable {
    private struct Loaded: Sendable {
        var sha256: String
        var at: Date
    }

    let traffic: ClientTraffic
    let latency: LatencyWindow
    let identities: IdentityRegistry
    let circuit: UpstreamCircuit
    let store: FailoverBucketStore?
    let bus: CacheBus?
    let sharedTier: SharedTier?
    let snapshots: SnapshotSource
    let clock: GatewayClock
    let startedAt: Date
    private let startedMonotonic: NIODeadline
    private let loaded: NIOLockedValueBox<Loaded>

    init(
        traffic: ClientTraffic, latency: LatencyWindow, identities: IdentityRegistry, circuit: UpstreamCircuit,
        store: FailoverBucketStore?, bus: CacheBus?, sharedTier: SharedTier?, snapshots: SnapshotSource, clock: GatewayClock,
        configSHA256: String?
    ) {
        self.sharedTier = sharedTier
        self.traffic = traffic
        self.latency = latency
        self.identities = identities
        self.circuit = circuit
        self.store = store
        self.bus = bus
        self.snapshots = snapshots
        self.clock = clock
        self.startedAt = clock.date()
        self.startedMonotonic = clock.now()
        self.loaded = NIOLockedValueBox(Loaded(sha256: configSHA256 ?? "unknown", at: clock.date()))
    }

    /// A configuration (its file's SHA-256, when known) was put in force.
    func configurationLoaded(sha256: String?) {
        let now = clock.date()
        loaded.withLockedValue { $0 = Loaded(sha256: sha256 ?? "unknown", at: now) }
    }

    /// The report as of now.
    public func report() -> StatusReport {
        let snapshot = snapshots.current
        let configuration = snapshot.configuration
        let cacheCounters = snapshot.cache.counters.snapshot
        let stored = snapshot.cache.store.counters
        let quantiles = latency.quantiles([0.5, 0.99])
        let budget = configuration.rateLimit.upstream
        let remaining = circuit.remaining()
        let config = loaded.withLockedValue { $0 }
        return StatusReport(
            version: GatewayVersion.current,
            generatedAt: clock.date(),
            startedAt: startedAt,
            uptimeSeconds: Int((clock.now() - startedMonotonic).nanoseconds / 1_000_000_000),
            configSHA256: config.sha256,
            configLoadedAt: config.at,
            clients: traffic.rows(),
            cache: StatusReport.Cache(
                enabled: configuration.cache.enabled, entries: stored.entries, bytes: stored.storedBytes,
                maxBytes: configuration.cache.maxBytes, hits: cacheCounters.hits, misses: cacheCounters.misses,
                staleServed: cacheCounters.staleServed, coalescedWaits: cacheCounters.coalescedWaits
            ),
            upstream: StatusReport.Upstream(
                latencyP50Ms: quantiles[0].map(Self.milliseconds), latencyP99Ms: quantiles[1].map(Self.milliseconds),
                samples: latency.count, circuit: remaining == nil ? "closed" : "open",
                circuitOpenSeconds: remaining.map { Int(($0.nanoseconds + 999_999_999) / 1_000_000_000) },
                budgetPerSecond: budget?.requestsPerSecond, budgetBurst: budget?.burst, budgetMaxConcurrent: budget?.maxConcurrent
            ),
            credentials: identities.all.map { (String($0.id.prefix(12)), $0.status) }.sorted { $0.0 < $1.0 },
            redis: StatusReport.Redis(
                store: store.map { $0.isHealthy ? "up" : "down" } ?? "not_configured",
                onStoreFailure: store.map { _ in configuration.rateLimit.onStoreFailure.rawValue },
                bus: bus.map { $0.isSubscribed ? "subscribed" : "unsubscribed" } ?? "not_configured",
                sharedStore: sharedTier.map { $0.isAvailable ? "up" : "down" } ?? "not_configured"
            )
        )
    }

    static func milliseconds(_ nanoseconds: Int64) -> Double {
        (Double(nanoseconds) / 1_000).rounded() / 1_000
    }
}
