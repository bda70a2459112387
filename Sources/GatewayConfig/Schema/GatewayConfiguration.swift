/// Everything gateway.yml says, checked and with defaults filled in: the one value the gateway is built from.
public struct GatewayConfiguration: Sendable, Equatable {
    /// The public listener.
    public var listen: ListenConfig
    /// The SuperOffice WebAPI behind the gateway.
    public var upstream: UpstreamConfig
    /// Who may call the gateway; at least one.
    public var clients: [ClientConfig]
    /// Request size and time limits.
    public var limits: LimitsConfig
    /// The task-info cache.
    public var cache: CacheConfig
    /// Response compression.
    public var compression: CompressionConfig
    /// Rate-limit store and upstream budget (`rate_limit` in YAML).
    public var rateLimit: RateLimitConfig
    /// The admin listener; `nil` for none.
    public var admin: AdminConfig?
    /// Log level and access log.
    public var logging: LoggingConfig
    /// Graceful shutdown.
    public var shutdown: ShutdownConfig
    /// OpenTelemetry tracing; `nil` for none.
    public var tracing: TracingConfig?

    /// Creates a configuration; everything but `upstream` and `clients` has defaults.
    public init(
        listen: ListenConfig = ListenConfig(),
        upstream: UpstreamConfig,
        clients: [ClientConfig],
        limits: LimitsConfig = LimitsConfig(),
        cache: CacheConfig = CacheConfig(),
        compression: CompressionConfig = CompressionConfig(),
        rateLimit: RateLimitConfig = RateLimitConfig(),
        admin: AdminConfig? = nil,
        logging: LoggingConfig = LoggingConfig(),
        shutdown: ShutdownConfig = ShutdownConfig(),
        tracing: TracingConfig? = nil
    ) {
        self.listen = listen
        self.upstream = upstream
        self.clients = clients
        self.limits = limits
        self.cache = cache
        self.compression = compression
        self.rateLimit = rateLimit
        self.admin = admin
        self.logging = logging
        self.shutdown = shutdown
        self.tracing = tracing
    }

    /// The credentials a client's requests use upstream: its own, else the upstream default.
    public func credentials(for client: ClientConfig) -> CredentialsConfig? {
        client.credentials ?? upstream.credentials
    }
}
