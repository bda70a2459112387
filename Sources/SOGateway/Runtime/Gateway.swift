import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore
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
    private let state: NIOLockedValueBox<RunState>

    private struct RunState {
        var configuration: GatewayConfiguration
        var listener: (any Channel)?
        var adminListener: (any Channel)?
    }

    /// Prepares a gateway for `configuration`; nothing listens until `start()`.
    public init(configuration: GatewayConfiguration, group: any EventLoopGroup, logger: Logger) throws {
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
        self.identities = IdentityRegistry(factory: CredentialProviderFactory(transport: transport, group: group))
        let metrics = GatewayMetrics()
        self.metrics = metrics
        let observer = AccessLogObserver(
            logger: logger, enabled: configuration.logging.accessLog, next: MetricsObserver(metrics: metrics)
        )
        let rateLimits = RateLimitRuntime(store: LocalBucketStore(), logger: logger, metrics: metrics)
        self.rateLimits = rateLimits
        self.builder = SnapshotBuilder(
            transport: transport, observer: observer, identities: identities, rateLimits: rateLimits, metrics: metrics
        )
        self.source = SnapshotSource(try builder.build(configuration, cache: TaskCacheState(settings: configuration.cache)))
        self.state = NIOLockedValueBox(RunState(configuration: configuration, listener: nil, adminListener: nil))
    }

    /// Binds the partner listener and, when configured, the admin listener.
    public func start() async throws {
        let configuration = state.withLockedValue { $0.configuration }
        let channel = try await GatewayListener.bind(
            host: configuration.listen.host, port: configuration.listen.port, group: group, source: source, counter: counter
        )
        state.withLockedValue { $0.listener = channel }
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
        let readiness = ReadinessCheck(probes: [
            ReadinessCheck.Probe(name: "upstream_credentials") { loop in
                let notReady = identities.all.filter { !$0.provider.isReady }.map(\.kind)
                return loop.makeSucceededFuture(notReady.isEmpty ? nil : "not obtainable: " + notReady.joined(separator: ","))
            }
        ])
        let stage = AdminStage(gateway: source, metrics: metrics, readiness: readiness, adminKeys: admin.apiKeysSHA256)
        return GatewaySnapshot(
            configuration: configuration, chain: StageChain([stage]), limits: ServerLimits(maxBody: 64 << 10),
            observer: SilentObserver(), cache: source.current.cache
        )
    }

    /// Applies a new configuration to new requests; open connections and (unchanged) cache entries stay.
    public func reload(_ configuration: GatewayConfiguration) throws {
        let cache = source.current.cache.reused(for: configuration.cache)
        let snapshot = try builder.build(configuration, cache: cache)
        source.replace(with: snapshot)
        state.withLockedValue { $0.configuration = configuration }
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

    /// Stops accepting, closes the transport.
    public func shutdown() async {
        let channels = state.withLockedValue { state -> [any Channel] in
            defer {
                state.listener = nil
                state.adminListener = nil
            }
            return [state.listener, state.adminListener].compactMap { $0 }
        }
        for channel in channels {
            try? await channel.close()
        }
        await transport.shutdown()
    }
}
