import GatewayClock
import GatewayConfig
import Logging
import NIOCore
import UpstreamTransport

/// Creates the provider for each credential mode.
public struct CredentialProviderFactory: Sendable {
    let transport: any UpstreamTransport
    let group: any EventLoopGroup
    /// `upstream.app_token`: the client secret a system-user sign-in sends as `ApplicationToken`.
    let appToken: String?
    let policy: RenewalPolicy
    let logger: Logger
    /// Where renewals are counted (`so_gateway_credential_renewals_total`).
    let metrics: GatewayMetrics?
    /// When tracing: a span per renewal.
    let spans: (any SpanSource)?
    /// Renewal margins, back-off, lifetimes and the status page's times read it.
    let clock: GatewayClock

    /// - Parameters:
    ///   - appToken: `upstream.app_token`, needed by `system_user` credentials.
    ///   - policy: renewal timing shared by the system-user, OAuth and session providers.
    ///   - logger: where renewals and failures are logged (never with a secret).
    ///   - metrics: where renewals are counted.
    public init(
        transport: any UpstreamTransport, group: any EventLoopGroup, appToken: String? = nil, policy: RenewalPolicy = RenewalPolicy(),
        logger: Logger = Logger(label: "so-gateway.credentials"), metrics: GatewayMetrics? = nil, clock: GatewayClock = .system
    ) {
        self.init(
            transport: transport, group: group, appToken: appToken, policy: policy, logger: logger, metrics: metrics, spans: nil,
            clock: clock
        )
    }

    init(
        transport: any UpstreamTransport, group: any EventLoopGroup, appToken: String?, policy: RenewalPolicy, logger: Logger,
        metrics: GatewayMetrics?, spans: (any SpanSource)?, clock: GatewayClock
    ) {
        self.clock = clock
        self.transport = transport
        self.group = group
        self.appToken = appToken
        self.policy = policy
        self.logger = logger
        self.metrics = metrics
        self.spans = spans
    }

    public func makeProvider(for credentials: CredentialsConfig) throws -> any CredentialProvider {
        // Only renewable credentials get a record (and renewal series); configured ones never change.
        let record = { CredentialRecord(kind: credentials.kindName, metrics: metrics, clock: clock, spans: spans) }
        switch credentials {
        case .basic(let user, let password):
            return StaticCredentialProvider.basic(user: user, password: password)
        case .ticket(let ticket):
            return StaticCredentialProvider.ticket(ticket)
        case .bearer(let token):
            return StaticCredentialProvider.bearer(token)
        case .systemUser(let systemUser):
            return try SystemUserCredentialProvider(
                config: systemUser, appToken: appToken, transport: transport, group: group, policy: policy, logger: logger,
                record: record(), clock: clock
            )
        case .oauth(let oauth):
            return try OAuthCredentialProvider(
                config: oauth, transport: transport, group: group, policy: policy, logger: logger, record: record(), clock: clock
            )
        case .session(let session):
            return try SessionCredentialProvider(
                config: session, transport: transport, group: group, policy: policy, logger: logger, record: record(), clock: clock
            )
        }
    }
}
