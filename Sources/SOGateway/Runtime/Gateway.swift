import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import UpstreamTransport

/// The running gateway: listener, upstream transport, identities and the snapshot in force.
///
/// The executable and the integration tests both drive this type; it owns no global state, so tests can
/// run several gateways in one process.
public final class Gateway: Sendable {
    public let group: any EventLoopGroup
    let logger: Logger
    let transport: any UpstreamTransport
    let identities: IdentityRegistry
    let source: SnapshotSource
    let counter = ConnectionCounter()
    private let state: NIOLockedValueBox<RunState>

    private struct RunState {
        var configuration: GatewayConfiguration
        var listener: (any Channel)?
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
        let observer = AccessLogObserver(logger: logger, enabled: configuration.logging.accessLog)
        let builder = SnapshotBuilder(transport: transport, observer: observer, identities: identities)
        self.source = SnapshotSource(try builder.build(configuration))
        self.state = NIOLockedValueBox(RunState(configuration: configuration, listener: nil))
    }

    /// Binds the partner listener.
    public func start() async throws {
        let configuration = state.withLockedValue { $0.configuration }
        let channel = try await GatewayListener.bind(
            host: configuration.listen.host, port: configuration.listen.port, group: group, source: source, counter: counter
        )
        state.withLockedValue { $0.listener = channel }
        logger.info("listening", metadata: ["address": .string("\(configuration.listen.host):\(port ?? 0)")])
    }

    /// The bound partner port (useful with `port: 0`).
    public var port: Int? {
        state.withLockedValue { $0.listener?.localAddress?.port }
    }

    /// Stops accepting, closes the transport.
    public func shutdown() async {
        let listener = state.withLockedValue { state -> (any Channel)? in
            defer { state.listener = nil }
            return state.listener
        }
        try? await listener?.close()
        await transport.shutdown()
    }
}
