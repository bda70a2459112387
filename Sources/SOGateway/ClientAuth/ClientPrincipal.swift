import GatewayConfig

/// The named partner a request was authenticated as, with the per-client policy later stages apply.
public struct ClientPrincipal: Sendable {
    public let name: String
    public let config: ClientConfig
    /// The upstream identity this client acts as (its own credentials, or the upstream default).
    public let identity: UpstreamIdentity
    /// The bucket key of this client's rate limit, built once rather than per request.
    public let rateLimitKey: String

    public init(name: String, config: ClientConfig, identity: UpstreamIdentity) {
        self.name = name
        self.config = config
        self.identity = identity
        self.rateLimitKey = "client:" + name
    }
}
