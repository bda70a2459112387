import Atomics
import CoreMetrics
import NIOConcurrencyHelpers
import NIOCore
import Prometheus
import NIOHTTP1
import TaskCache

/// The gateway's Prometheus series, made through swift-metrics with a per-gateway factory (no global
/// bootstrap, so several gateways in one test process keep separate numbers).
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let requestCounters = NIOLockedValueBox([RequestSeries: CoreMetrics.Counter]())
    private let requestTimers = NIOLockedValueBox([String: CoreMetrics.Timer]())
    private let upstreamTimers = NIOLockedValueBox([String: CoreMetrics.Timer]())
    /// The duration histograms of the routes every request has (`RequestSeriesTable.routes`), each made on
    /// first use and read without a lock afterwards.
    private let routeRequestTimers = RequestSeriesTable.routes.map { _ in ManagedAtomicLazyReference<CoreMetrics.Timer>() }
    private let routeUpstreamTimers = RequestSeriesTable.routes.map { _ in ManagedAtomicLazyReference<CoreMetrics.Timer>() }
    private let openConnections: CoreMetrics.Meter
    private let exportedCache = NIOLockedValueBox(CacheExport())
    private let cacheSeries: CacheSeries
    private let extraCounters = NIOLockedValueBox([String: CoreMetrics.Counter]())
    private let gauges = NIOLockedValueBox([String: CoreMetrics.Meter]())
    private let durations = NIOLockedValueBox([String: CoreMetrics.Timer]())

    struct RequestSeries: Hashable {
        var route: String
        var statusClass: String
        var client: String
    }

    struct CacheExport {
        var hits = 0, misses = 0, stale = 0, coalesced = 0, evictions = 0, stores = 0, rejected = 0, discarded = 0, upstreamCalls = 0
        var invalidations: [EvictionReason: Int] = [:]
        var evicted: [EvictionReason: Int] = [:]
    }

    struct CacheSeries {
        let hits, misses, stale, coalesced, stores, rejected, discarded: CoreMetrics.Counter
        /// `so_gateway_cache_upstream_calls_total`: calls the cache made upstream (fills and refreshes), so
        /// task requests minus this is what the cache saved SuperOffice.
        let upstreamCalls: CoreMetrics.Counter
        /// `so_gateway_cache_evictions_total{reason="capacity"}`: entries dropped to stay within `max_bytes`.
        let capacityEvictions: CoreMetrics.Counter
        /// `so_gateway_cache_evictions_total{reason}` for writes, purges, the bus and resubscription.
        let evictions: [EvictionReason: CoreMetrics.Counter]
        /// `so_gateway_cache_invalidations_total{reason}`: invalidation events.
        let invalidations: [EvictionReason: CoreMetrics.Counter]
        let storedBytes, entries: CoreMetrics.Meter
    }

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
        ]
        // Bus propagation is sub-millisecond on a LAN: finer buckets than request durations.
        factory.durationHistogramBuckets[CacheBus.lagMetric] = [
            .microseconds(50), .microseconds(100), .microseconds(200), .microseconds(300), .microseconds(500),
            .microseconds(750), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        ]
        self.registry = registry
        self.factory = factory
        self.openConnections = Meter(label: "so_gateway_open_connections", factory: factory)
        self.cacheSeries = CacheSeries(
            hits: Counter(label: "so_gateway_cache_hits_total", factory: factory),
            misses: Counter(label: "so_gateway_cache_misses_total", factory: factory),
            stale: Counter(label: "so_gateway_cache_stale_served_total", factory: factory),
            coalesced: Counter(label: "so_gateway_cache_coalesced_waits_total", factory: factory),
            stores: Counter(label: "so_gateway_cache_stores_total", factory: factory),
            rejected: Counter(label: "so_gateway_cache_rejected_bodies_total", factory: factory),
            discarded: Counter(label: "so_gateway_cache_discarded_fills_total", factory: factory),
            upstreamCalls: Counter(label: "so_gateway_cache_upstream_calls_total", factory: factory),
            capacityEvictions: Counter(label: "so_gateway_cache_evictions_total", dimensions: [("reason", "capacity")], factory: factory),
            evictions: Dictionary(uniqueKeysWithValues: EvictionReason.allCases.map { reason in
                (reason, Counter(label: "so_gateway_cache_evictions_total", dimensions: [("reason", reason.rawValue)], factory: factory))
            }),
            invalidations: Dictionary(uniqueKeysWithValues: EvictionReason.allCases.map { reason in
                (reason, Counter(label: "so_gateway_cache_invalidations_total", dimensions: [("reason", reason.rawValue)], factory: factory))
            }),
            storedBytes: Meter(label: "so_gateway_cache_stored_bytes", factory: factory),
            entries: Meter(label: "so_gateway_cache_entries", factory: factory)
        )
        openConnections.set(0)
    }

    func connectionOpened() { openConnections.increment(by: 1) }
    func connectionClosed() { openConnections.decrement(by: 1) }

    /// The request series of one snapshot's clients, made once per snapshot (see `RequestSeriesTable`).
    func requestSeries(forClients clients: [String]) -> RequestSeriesTable {
        RequestSeriesTable(clients: clients + ["-"])
    }

    /// Counts one finished request and records its durations. With `series` (the snapshot's), a request of a
    /// listed client on a known route finds its counter and timers without a lock; anything else is looked up
    /// in the locked tables.
    func record(_ request: CompletedRequest, series: RequestSeriesTable? = nil) {
        let key = RequestSeries(route: request.routeClass, statusClass: Self.statusClass(request.status.code), client: request.clientName ?? "-")
        let route = RequestSeriesTable.routes.firstIndex(of: request.routeClass)
        let listed = route.flatMap { route in
            series?.counter(client: key.client, route: route, statusClass: Int(request.status.code / 100) - 1) { makeRequestCounter(key) }
        }
        let counter = listed ?? requestCounters.withLockedValue { table -> CoreMetrics.Counter in
            if let existing = table[key] { return existing }
            let made = makeRequestCounter(key)
            table[key] = made
            return made
        }
        counter.increment()
        routeTimer("so_gateway_request_duration_seconds", slots: routeRequestTimers, locked: requestTimers, route: route, routeClass: key.route)
            .recordNanoseconds(request.duration.nanoseconds)
        if let upstream = request.annotations.upstreamDuration {
            routeTimer("so_gateway_upstream_duration_seconds", slots: routeUpstreamTimers, locked: upstreamTimers, route: route, routeClass: key.route)
                .recordNanoseconds(upstream.nanoseconds)
        }
    }

    private func makeRequestCounter(_ series: RequestSeries) -> CoreMetrics.Counter {
        Counter(
            label: "so_gateway_requests_total",
            dimensions: [("route", series.route), ("status_class", series.statusClass), ("client", series.client)],
            factory: factory
        )
    }

    /// A route's histogram: from its lock-free slot for the known routes, else from the locked table.
    private func routeTimer(
        _ label: String, slots: [ManagedAtomicLazyReference<CoreMetrics.Timer>], locked: NIOLockedValueBox<[String: CoreMetrics.Timer]>,
        route: Int?, routeClass: String
    ) -> CoreMetrics.Timer {
        guard let route else { return timer(in: locked, label: label, route: routeClass) }
        if let made = slots[route].load() { return made }
        return slots[route].storeIfNilThenLoad(CoreMetrics.Timer(label: label, dimensions: [("route", routeClass)], factory: factory))
    }

    /// `2xx`, `4xx`, ... without building a string per request.
    static func statusClass(_ code: UInt) -> String {
        switch code / 100 {
        case 1: return "1xx"
        case 2: return "2xx"
        case 3: return "3xx"
        case 4: return "4xx"
        case 5: return "5xx"
        default: return "\(code / 100)xx"
        }
    }

    /// A named counter with labels, for subsystems (rate limits, credentials) that report events.
    public func increment(_ label: String, dimensions: [(String, String)] = [], by amount: Int = 1) {
        let key = label + "|" + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        let counter = extraCounters.withLockedValue { table -> CoreMetrics.Counter in
            if let existing = table[key] { return existing }
            let made = Counter(label: label, dimensions: dimensions, factory: factory)
            table[key] = made
            return made
        }
        counter.increment(by: amount)
    }

    /// A named gauge, for subsystem states (the cache bus's subscription).
    public func setGauge(_ label: String, _ value: Int) {
        let meter = gauges.withLockedValue { table -> CoreMetrics.Meter in
            if let existing = table[label] { return existing }
            let made = Meter(label: label, factory: factory)
            table[label] = made
            return made
        }
        meter.set(value)
    }

    /// Records one duration into a named histogram (buckets from `durationHistogramBuckets` when set there).
    public func recordDuration(_ label: String, nanoseconds: Int64) {
        let timer = durations.withLockedValue { table -> CoreMetrics.Timer in
            if let existing = table[label] { return existing }
            let made = CoreMetrics.Timer(label: label, factory: factory)
            table[label] = made
            return made
        }
        timer.recordNanoseconds(nanoseconds)
    }

    private func timer(in box: NIOLockedValueBox<[String: CoreMetrics.Timer]>, label: String, route: String) -> CoreMetrics.Timer {
        box.withLockedValue { table in
            if let existing = table[route] { return existing }
            let made = CoreMetrics.Timer(label: label, dimensions: [("route", route)], factory: factory)
            table[route] = made
            return made
        }
    }

    /// Brings the cache series up to date (counters advance by what happened since the last scrape).
    func updateCache(_ cache: TaskCacheState) {
        let now = cache.counters.snapshot
        let store = cache.store.counters
        exportedCache.withLockedValue { last in
            func advance(_ counter: CoreMetrics.Counter, _ current: Int, _ previous: inout Int) {
                if current > previous { counter.increment(by: current - previous) }
                previous = current
            }
            advance(cacheSeries.hits, now.hits, &last.hits)
            advance(cacheSeries.misses, now.misses, &last.misses)
            advance(cacheSeries.stale, now.staleServed, &last.stale)
            advance(cacheSeries.coalesced, now.coalescedWaits, &last.coalesced)
            advance(cacheSeries.stores, now.stores, &last.stores)
            advance(cacheSeries.rejected, now.rejectedBodies, &last.rejected)
            advance(cacheSeries.discarded, now.discardedFills, &last.discarded)
            advance(cacheSeries.upstreamCalls, now.upstreamCalls, &last.upstreamCalls)
            advance(cacheSeries.capacityEvictions, store.evictions, &last.evictions)
            for reason in EvictionReason.allCases {
                if let counter = cacheSeries.evictions[reason] {
                    advance(counter, now.evicted[reason] ?? 0, &last.evicted[reason, default: 0])
                }
                if let counter = cacheSeries.invalidations[reason] {
                    advance(counter, now.invalidations[reason] ?? 0, &last.invalidations[reason, default: 0])
                }
            }
        }
        cacheSeries.storedBytes.set(store.storedBytes)
        cacheSeries.entries.set(store.entries)
        if let shared = cache.shared {
            setGauge("so_gateway_cache_shared_waiting", shared.waitingRequests)
        }
    }

    /// The Prometheus text exposition.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}

/// Feeds finished requests, connection counts and connections refused or cut off into `GatewayMetrics`.
public struct MetricsObserver: RequestObserver {
    let metrics: GatewayMetrics
    /// The snapshot's request series (nil until `resolved`).
    let series: RequestSeriesTable?

    public init(metrics: GatewayMetrics) {
        self.init(metrics: metrics, series: nil)
    }

    init(metrics: GatewayMetrics, series: RequestSeriesTable?) {
        self.metrics = metrics
        self.series = series
    }

    public func resolved(forClients clients: [String]) -> any RequestObserver {
        MetricsObserver(metrics: metrics, series: metrics.requestSeries(forClients: clients))
    }

    public func connectionOpened() { metrics.connectionOpened() }
    public func connectionClosed() { metrics.connectionClosed() }

    public func connectionRefused(_ limit: ConnectionLimit) {
        metrics.increment("so_gateway_connections_refused_total", dimensions: [("limit", limit.rawValue)])
    }

    public func connectionCut(_ limit: ConnectionLimit) {
        metrics.increment("so_gateway_connections_cut_total", dimensions: [("limit", limit.rawValue)])
    }

    public func streamReset(_ limit: ConnectionLimit) {
        metrics.increment("so_gateway_h2_streams_reset_total", dimensions: [("limit", limit.rawValue)])
    }

    public func requestCompleted(_ record: CompletedRequest) { metrics.record(record, series: series) }
}

/// One snapshot's `so_gateway_requests_total` counters: a slot per client, route and status class. A slot's
/// counter is made on its first request (so /metrics lists only series that happened, as before) and read
/// without a lock afterwards; the table itself never changes, a reload builds the next one.
final class RequestSeriesTable: Sendable {
    /// The route classes every request has (`Route.routeClass`), in slot order.
    static let routes = ["task", "agent", "rest", "none"]
    /// `1xx` through `5xx`.
    static let statusClasses = 5

    private let slots: [String: [ManagedAtomicLazyReference<CoreMetrics.Counter>]]

    init(clients: [String]) {
        var slots = [String: [ManagedAtomicLazyReference<CoreMetrics.Counter>]]()
        for client in clients where slots[client] == nil {
            slots[client] = (0..<(Self.routes.count * Self.statusClasses)).map { _ in ManagedAtomicLazyReference() }
        }
        self.slots = slots
    }

    /// The counter for one series, made with `make` on first use; nil for a client this snapshot does not
    /// list or a status outside `1xx`–`5xx`.
    func counter(client: String, route: Int, statusClass: Int, make: () -> CoreMetrics.Counter) -> CoreMetrics.Counter? {
        guard let row = slots[client], (0..<Self.statusClasses).contains(statusClass) else { return nil }
        let slot = row[route * Self.statusClasses + statusClass]
        if let made = slot.load() { return made }
        return slot.storeIfNilThenLoad(make())
    }
}
