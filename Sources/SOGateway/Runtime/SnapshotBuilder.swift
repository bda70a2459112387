import GatewayClock
import GatewayConfig
import Logging
import NIOCore
import NIOHTTP1
import TaskCache
import UpstreamTransport

/// Builds the request path (stages in order) from a configuration. The order is the product:
/// identify → route → per-partner policy → rate-limit → encoding → headers → task cache → task writes →
/// (rate-limit for clients whose cache hits do not count) → credentials → tenant budget → tenant rediscovery →
/// forward.
public struct SnapshotBuilder: Sendable {
    let transport: any UpstreamTransport
    let observer: any RequestObserver
    /// Identities from the previous snapshot, reused so a reload keeps tickets and tokens already obtained.
    let identities: IdentityRegistry
    let rateLimits: RateLimitRuntime
    let metrics: GatewayMetrics?
    /// Tenant locators, kept across reloads so a resolved host stays in use (`upstream.tenant`).
    let tenants: TenantDirectory
    /// When `tracing` is configured: the server span stage first, client spans on upstream calls.
    let tracing: GatewayTracing?
    /// Where configuration warnings (clients without `allow`) and expired-key uses are logged.
    let logger: Logger
    /// Key expiry and upstream call timing read it.
    let clock: GatewayClock

    public init(
        transport: any UpstreamTransport, observer: any RequestObserver, identities: IdentityRegistry,
        rateLimits: RateLimitRuntime, metrics: GatewayMetrics?, logger: Logger = Logger(label: "so-gateway"),
        tracing: GatewayTracing? = nil, clock: GatewayClock = .system
    ) {
        self.clock = clock
        self.tracing = tracing
        self.tenants = TenantDirectory(spans: tracing?.spans)
        self.logger = logger
        self.transport = transport
        self.observer = observer
        self.identities = identities
        self.rateLimits = rateLimits
        self.metrics = metrics
    }

    /// - Parameters:
    ///   - config: the configuration to serve.
    ///   - cache: the task cache state to use (kept across reloads when cache settings are unchanged).
    public func build(_ config: GatewayConfiguration, cache: TaskCacheState) throws -> GatewaySnapshot {
        let defaultIdentity = try config.upstream.credentials.map { try identities.identity(for: $0) }
        var principals = [ClientPrincipal]()
        for client in config.clients {
            guard let identity = try client.credentials.map({ try identities.identity(for: $0) }) ?? defaultIdentity else {
                throw CredentialError("client \(client.name) has no upstream credentials")
            }
            principals.append(
                ClientPrincipal(name: client.name, config: client, identity: identity, defaultMaxBody: config.limits.maxBody)
            )
            if client.allow == nil {
                logger.warning("client has no allow list and may call every route", metadata: ["client": .string(client.name)])
            }
        }
        let clock = self.clock
        let keys = ClientKeyTable(principals, logger: logger, now: { clock.date() })
        let locator: any UpstreamLocator
        let context: String?
        switch config.upstream.target {
        case .url(let url):
            guard let endpoint = UpstreamEndpoint(url: url.string) else {
                throw CredentialError("upstream.url is not a usable URL")
            }
            locator = StaticUpstreamLocator(base: UpstreamBase(endpoint: endpoint, basePath: url.basePath))
            context = url.basePath.split(separator: "/").last.map(String.init)
        case .tenant(let tenant):
            locator = tenants.locator(for: tenant, transport: transport)
            context = tenant.context
        }
        let cachedEndpoints = config.cache.enabled ? config.cache.endpoints.compactMap(TaskEndpoint.init(rawValue:)) : []
        let writeEndpoints = config.cache.enabled && config.cache.invalidateOnWrite ? BatchWrite.allCases : []
        // Clients whose cache hits do not count are limited after the cache; on the task route the cache runs
        // this limit itself before a miss starts or joins a fill (so one client's 429 is never shared).
        let afterCacheLimit = ClientRateLimitStage(
            position: .afterCache, store: rateLimits.store, concurrency: rateLimits.clientConcurrency, metrics: metrics
        )
        var stages: [any GatewayStage] = [
            ClientAuthStage(keys: keys),
            RoutingStage(context: context, cachedEndpoints: cachedEndpoints, writeEndpoints: writeEndpoints),
            // Before rate limiting, so calls refused by policy cost the partner no tokens.
            PolicyStage(trustedProxies: config.listen.trustedProxies, metrics: metrics),
            ClientRateLimitStage(
                position: .beforeCache, store: rateLimits.store, concurrency: rateLimits.clientConcurrency, metrics: metrics
            ),
            ContentEncodingStage(
                enabled: config.compression.enabled, minSize: config.compression.minSize,
                level: config.compression.level, maxDecodedSize: config.upstream.maxResponseBody
            ),
            UpstreamHeaderStage(upstream: config.upstream, trustedProxies: config.listen.trustedProxies),
        ]
        if config.cache.enabled {
            stages.append(
                TaskCacheStage(
                    state: cache, compressionLevel: config.compression.level, maxDecodedSize: config.upstream.maxResponseBody,
                    missGate: afterCacheLimit
                )
            )
            if config.cache.invalidateOnWrite {
                stages.append(TaskWriteStage(state: cache))
            }
        }
        stages.append(config.cache.enabled ? afterCacheLimit.exceptingCachedTasks() : afterCacheLimit)
        stages.append(CredentialStage(renewOn: config.upstream.renewal.onStatus))
        stages.append(
            UpstreamBudgetStage(
                budget: config.rateLimit.upstream, store: rateLimits.store, concurrency: rateLimits.upstreamConcurrency,
                circuit: rateLimits.circuit, metrics: metrics
            )
        )
        if let tracing {
            stages.insert(TracingStage(spans: tracing.spans), at: 0)
        }
        if let tenantLocator = locator as? TenantLocator {
            stages.append(TenantRediscoveryStage(locator: tenantLocator))
        }
        stages.append(
            ForwardStage(
                transport: transport, locator: locator, timeout: config.upstream.timeout, circuit: rateLimits.circuit, spans: tracing?.spans,
                clock: clock
            )
        )
        return GatewaySnapshot(
            configuration: config, chain: StageChain(stages), limits: config.limits,
            observer: observer.resolved(forClients: config.clients.map(\.name)), cache: cache,
            bodyLimit: Self.bodyLimit(config, keys: keys)
        )
    }

    /// How many body bytes the listener reads before the chain runs: `limits.max_body`, or the own `max_body`
    /// of the client whose key the request presents. A caller without a known key is never allowed the larger
    /// limit some partner has; the key is looked up only when some client has a larger limit.
    static func bodyLimit(_ config: GatewayConfiguration, keys: ClientKeyTable) -> @Sendable (HTTPHeaders) -> Int {
        let standard = config.limits.maxBody
        guard config.clients.contains(where: { ($0.maxBody ?? standard) > standard }) else {
            return { _ in standard }
        }
        return { headers in
            AuthenticatedClient.authenticate(headers, keys: keys)?.principal.policy.maxBody ?? standard
        }
    }
}
