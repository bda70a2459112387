import GatewayClock
import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOPosix
import UpstreamTransport

/// The running gateway: listeners, upstream transport, identities, metrics and the snapshot in force.
///
/// The executable and the integration tests both drive this type; it owns no global state, so tests can
/// run several gateways in one process.
public final class Gateway: Sendable {
    public let group: any EventLoopGroup
    public let metrics: GatewayMetrics
    let logger: Logger
    let transport: any UpstreamTransport
    let identities: IdentityRegistry
    let source: SnapshotSource
    let counter = ConnectionCounter()
    let builder: SnapshotBuilder
    let rateLimits: RateLimitRuntime
    let sharedStore: FailoverBucketStore?
    /// Carries cache invalidations between replicas (`cache.bus`).
    let cacheBus: CacheBus?
    /// The cache tier every replica shares (`cache.shared_store`).
    let sharedTier: SharedTier?
    let quiesce: ServerQuiescingHelper
    let tls: TLSContextSource?
    let draining = NIOLockedValueBox(false)
    /// What `/status` shows.
    let status: StatusSource
    /// Span export, when `tracing` is configured (fixed at start: a changed block needs a restart).
    let tracing: GatewayTracing?
    private let state: NIOLockedValueBox<RunState>

    private struct RunState {
        var configuration: GatewayConfiguration
        var listener: (any Channel)?
        var adminListener: (any Channel)?
    }

    /// Prepares a gateway for `configuration`; nothing listens until `start()`.
    /// - Parameters:
    ///   - configuration: what to serve.
    ///   - group: the event loops.
    ///   - logger: where operational events go.
    ///   - clock: what time-dependent decisions read (tests pass a manual clock).
    ///   - configurationSHA256: the SHA-256 of the gateway.yml text `configuration` came from, for `/status`.
    public init(
        configuration: GatewayConfiguration, group: any EventLoopGroup, logger: Logger, clock: GatewayClock = .system,
        configurationSHA256: String? = nil
    ) throws {
        self.group = group
        self.logger = logger
        var poolConfig = UpstreamPoolConfiguration()
        poolConfig.connectTimeout = configuration.upstream.connectTimeout
        poolConfig.maxResponseBody = configuration.upstream.maxResponseBody
        poolConfig.maxConnectionsPerEventLoop = max(1, configuration.upstream.maxConnections / max(1, System.coreCount))
        if let tls = configuration.upstream.tls {
            poolConfig.tls = UpstreamTLSOptions(caFile: tls.caFile, certFile: tls.certFile, keyFile: tls.keyFile)
        }
        let transport = try NIOUpstreamPool(group: group, configuration: poolConfig)
        self.transport = transport
        let metrics = GatewayMetrics()
        self.metrics = metrics
        let tracing = try configuration.tracing.map { try GatewayTracing(config: $0, metrics: metrics, logger: logger, clock: clock) }
        self.tracing = tracing
        self.identities = IdentityRegistry(
            factory: CredentialProviderFactory(
                transport: transport, group: group, appToken: configuration.upstream.appToken,
                policy: configuration.upstream.renewal, logger: logger, metrics: metrics, spans: tracing?.spans, clock: clock
            )
        )
        let traffic = ClientTraffic(clock: clock)
        let latency = LatencyWindow()
        let observer = AccessLogObserver(
            logger: logger, enabled: configuration.logging.accessLog,
            next: StatusObserver(traffic: traffic, latency: latency, next: MetricsObserver(metrics: metrics))
        )
        // Shared buckets in Redis when `rate_limit.store` is set (with the configured failure policy),
        // otherwise buckets in this process.
        let sharedStore = FailoverBucketStore(config: configuration.rateLimit, group: group, logger: logger, metrics: metrics, clock: clock)
        self.sharedStore = sharedStore
        let rateLimits = RateLimitRuntime(store: sharedStore ?? LocalBucketStore(clock: clock), logger: logger, metrics: metrics, clock: clock)
        self.rateLimits = rateLimits
        self.builder = SnapshotBuilder(
            transport: transport, observer: observer, identities: identities, rateLimits: rateLimits, metrics: metrics,
            logger: logger, tracing: tracing, clock: clock
        )
        let cacheBus = configuration.cache.bus.map { url in
            CacheBus(url: url, tenant: Self.tenantName(configuration.upstream), group: group, metrics: metrics, logger: logger, clock: clock)
        }
        self.cacheBus = cacheBus
        let sharedTier = configuration.cache.sharedStore.map { url in
            SharedTier(
                url: url, tenant: Self.tenantName(configuration.upstream), timeout: configuration.cache.sharedTimeout, group: group,
                metrics: metrics, logger: logger
            )
        }
        self.sharedTier = sharedTier
        let source = SnapshotSource(
            try builder.build(configuration, cache: TaskCacheState(settings: configuration.cache, clock: clock, bus: cacheBus, shared: sharedTier)),
            loops: Array(group.makeIterator())
        )
        self.source = source
        cacheBus?.attach { source.current.cache }
        self.status = StatusSource(
            traffic: traffic, latency: latency, identities: identities, circuit: rateLimits.circuit, store: sharedStore, bus: cacheBus,
            sharedTier: sharedTier, snapshots: source, clock: clock, configSHA256: configurationSHA256
        )
        self.state = NIOLockedValueBox(RunState(configuration: configuration, listener: nil, adminListener: nil))
        self.quiesce = ServerQuiescingHelper(group: group)
        self.tls = try configuration.listen.tls.map { try TLSContextSource($0) }
        registerZeroSeries(configuration)
    }

    /// Binds the partner listener and, when configured, the admin listener.
    public func start() async throws {
        let configuration = state.withLockedValue { $0.configuration }
        let channel = try await GatewayListener.bind(
            host: configuration.listen.host, port: configuration.listen.port, group: group, source: source, counter: counter,
            tls: tls, quiesce: quiesce
        )
        state.withLockedValue { $0.listener = channel }
        tracing?.start()
        cacheBus?.start()
        sharedTier?.start()
        if let sharedStore {
            let reachable = try? await sharedStore.probe(on: group.any()).get()
            if reachable != true {
                logger.warning("rate-limit store unreachable at start; applying on_store_failure until it answers")
            }
        }
        logger.info("listening", metadata: ["address": .string("\(configuration.listen.host):\(port ?? 0)")])
        if let admin = configuration.admin {
            let adminSource = SnapshotSource(adminSnapshot(admin: admin, configuration: configuration))
            let adminChannel = try await GatewayListener.bind(
                host: admin.listen.host, port: admin.listen.port, group: group, source: adminSource, counter: ConnectionCounter()
            )
            state.withLockedValue { $0.adminListener = adminChannel }
            logger.info("admin listening", metadata: ["address": .string("\(admin.listen.host):\(adminPort ?? 0)")])
        }
    }

    private func adminSnapshot(admin: AdminConfig, configuration: GatewayConfiguration) -> GatewaySnapshot {
        let identities = self.identities
        let draining = self.draining
        let source = self.source
        let tenants = builder.tenants
        let readiness = ReadinessCheck(probes: [
            ReadinessCheck.Probe(name: "rate_limit_store") { [sharedStore] loop in
                guard let sharedStore else { return loop.makeSucceededFuture(nil) }
                // Probing here also lets a store marked unhealthy notice that Redis is back.
                return sharedStore.probe(on: loop).map { $0 ? nil : "redis unreachable (policy: \(configuration.rateLimit.onStoreFailure))" }
            },
            ReadinessCheck.Probe(name: "accepting") { loop in
                loop.makeSucceededFuture(draining.withLockedValue { $0 } ? "draining" : nil)
            },
            ReadinessCheck.Probe(name: "upstream_credentials") { loop in
                let notReady = identities.all.filter { !$0.provider.isReady }.map(\.kind)
                return loop.makeSucceededFuture(notReady.isEmpty ? nil : "not obtainable: " + notReady.joined(separator: ","))
            },
            ReadinessCheck.Probe(name: "upstream_tenant") { loop in
                guard case .tenant(let tenant) = source.current.configuration.upstream.target else { return loop.makeSucceededFuture(nil) }
                return tenants.readinessProblem(for: tenant, on: loop)
            },
        ])
        let stage = AdminStage(
            gateway: source, metrics: metrics, readiness: readiness, adminKeys: admin.apiKeysSHA256, status: status,
            beforeScrape: { [self] in updateStateGauges() }
        )
        return GatewaySnapshot(
            configuration: configuration, chain: StageChain([stage]), limits: LimitsConfig(maxBody: 64 << 10),
            observer: SilentObserver(), cache: source.current.cache
        )
    }

    /// Applies a new configuration to new requests; open connections and (unchanged) cache entries stay.
    /// Listener addresses are bound once: a changed `listen` or `admin.listen` needs a restart (logged).
    /// - Parameter configurationSHA256: the SHA-256 of the gateway.yml text, for `/status`.
    public func reload(_ configuration: GatewayConfiguration, configurationSHA256: String? = nil) throws {
        let previous = self.configuration
        let oldCache = source.current.cache
        let cache = oldCache.reused(for: configuration.cache)
        let snapshot = try builder.build(configuration, cache: cache)
        if let tlsConfig = configuration.listen.tls, let tls {
            try tls.reload(tlsConfig)
        }
        source.replace(with: snapshot)
        status.configurationLoaded(sha256: configurationSHA256)
        registerZeroSeries(configuration)
        state.withLockedValue { $0.configuration = configuration }
        if previous.listen.host != configuration.listen.host || previous.listen.port != configuration.listen.port
            || previous.admin?.listen != configuration.admin?.listen || (previous.listen.tls == nil) != (configuration.listen.tls == nil)
        {
            logger.warning("listener addresses or TLS on/off changed; they take effect after a restart")
        }
        // Providers live across reloads (so tickets survive), and they took their timing when they were made.
        if previous.tracing != configuration.tracing {
            logger.warning("tracing changed; it takes effect after a restart")
        }
        if previous.cache.bus != configuration.cache.bus || previous.cache.sharedStore != configuration.cache.sharedStore
            || previous.cache.sharedTimeout != configuration.cache.sharedTimeout
        {
            logger.warning("cache.bus, cache.shared_store or cache.shared_timeout changed; they take effect after a restart")
        }
        if !previous.upstream.renewal.sameTiming(as: configuration.upstream.renewal) {
            logger.warning("upstream.renewal timing changed; it takes effect after a restart (on_status applies now)")
        }
        logger.notice(
            "configuration reloaded",
            metadata: ["clients": .stringConvertible(configuration.clients.count), "cache_kept": .stringConvertible(cache === oldCache)]
        )
    }

    /// The configuration in force.
    public var configuration: GatewayConfiguration {
        state.withLockedValue { $0.configuration }
    }

    /// The bound partner port (useful with `port: 0`).
    public var port: Int? {
        state.withLockedValue { $0.listener?.localAddress?.port }
    }

    /// The bound admin port, when the admin listener runs.
    public var adminPort: Int? {
        state.withLockedValue { $0.adminListener?.localAddress?.port }
    }

    /// Whether the cache bus is subscribed now; nil without `cache.bus`. The same fact as the
    /// `so_gateway_cache_bus_subscribed` gauge, for embedders and tests that wait on it.
    public var isCacheBusSubscribed: Bool? {
        cacheBus?.isSubscribed
    }

    /// How many calls wait in the tenant budget's queue for an in-flight slot (`rate_limit.upstream.max_concurrent`).
    public var upstreamSlotsWaiting: Int {
        rateLimits.upstreamConcurrency.waiting(UpstreamBudgetStage.bucketKey)
    }

    /// How many requests wait for another replica's fill of the shared tier now; nil without `cache.shared_store`.
    /// The same fact as the `so_gateway_cache_shared_waiting` gauge.
    public var sharedTierWaiting: Int? {
        sharedTier?.waitingRequests
    }

    /// Graceful stop: stop accepting, let in-flight requests finish (up to `drainTimeout`, default
    /// `shutdown.drain_timeout`), close idle keep-alive connections, then the admin listener and the transport.
    public func shutdown(drainTimeout: TimeAmount? = nil) async {
        let (listener, admin, configured) = state.withLockedValue { state in
            defer {
                state.listener = nil
                state.adminListener = nil
            }
            return (state.listener, state.adminListener, state.configuration.shutdown.drainTimeout)
        }
        if listener != nil {
            draining.withLockedValue { $0 = true }
            logger.notice("draining", metadata: ["open_connections": .stringConvertible(counter.open)])
            let loop = group.any()
            let drained = loop.makePromise(of: Void.self)
            quiesce.initiateShutdown(promise: drained)
            let timeout = drainTimeout ?? configured
            let timer = loop.scheduleTask(in: timeout) { drained.fail(DrainTimeout()) }
            do {
                try await drained.futureResult.get()
                timer.cancel()
            } catch {
                logger.warning("drain timeout reached; closing remaining connections", metadata: ["open_connections": .stringConvertible(counter.open)])
                counter.closeAll()
            }
        }
        try? await admin?.close()
        await cacheBus?.shutdown()
        await sharedTier?.shutdown()
        await tracing?.shutdown()
        await sharedStore?.shutdown()
        await transport.shutdown()
        logger.notice("stopped")
    }

    struct DrainTimeout: Error {}

    /// Names the tenant in shared Redis keys and channels: the context (`Cust12345`), or the upstream URL's
    /// host, port and base path, so gateways of different tenants sharing one Redis never mix.
    static func tenantName(_ upstream: UpstreamConfig) -> String {
        switch upstream.target {
        case .tenant(let tenant):
            return tenant.context
        case .url(let url):
            let context = url.basePath.split(separator: "/").last.map(String.init)
            return context ?? "\(url.host):\(url.port)"
        }
    }
}
