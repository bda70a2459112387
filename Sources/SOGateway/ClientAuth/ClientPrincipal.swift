import GatewayConfig

/// The named partner a request was authenticated as, with the per-client policy later stages apply.
///
/// A class (immutable, built once per configuration load) so a request copied from stage to stage retains
/// one reference instead of every string and list of the client's configuration.
public final class ClientPrincipal: Sendable {
    public let name: String
    public let config: ClientConfig
    /// The upstream identity this client acts as (its own credentials, or the upstream default).
    public let identity: UpstreamIdentity
    /// The bucket key of this client's rate limit, built once rather than per request.
    public let rateLimitKey: String
    /// What this client may do (routes, source addresses, body size), compiled once per configuration load.
    public let policy: ClientPolicy

    /// - Parameter defaultMaxBody: `limits.max_body`, used when the client sets no `max_body` of its own.
    public init(name: String, config: ClientConfig, identity: UpstreamIdentity, defaultMaxBody: Int = LimitsConfig().maxBody) {
        self.name = name
        self.config = config
        self.identity = identity
        self.rateLimitKey = "client:" + name
        self.policy = ClientPolicy(config: config, defaultMaxBody: defaultMaxBody)
    }
}
