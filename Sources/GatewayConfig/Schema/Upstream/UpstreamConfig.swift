import NIOCore

/// The SuperOffice WebAPI the gateway forwards to, how it connects, and the defaults it sends on every request.
public struct UpstreamConfig: Sendable, Equatable {
    /// A fixed URL or a tenant to discover.
    public var target: UpstreamTarget
    /// The application token sent as `SO-AppToken` (secret).
    public var appToken: String?
    /// Default `SO-TimeZone` value, e.g. `NO` or `US-NY, includeTZOffset`.
    public var timeZone: String?
    /// Default `SO-Language`, e.g. `nb-no`.
    public var language: String?
    /// Default `SO-Culture`, e.g. `sv`.
    public var culture: String?
    /// The whole-exchange timeout for one upstream request.
    public var timeout: TimeAmount
    /// The TCP (and TLS) connect timeout.
    public var connectTimeout: TimeAmount
    /// The most connections kept toward the upstream.
    public var maxConnections: Int
    /// The largest upstream response body accepted, in bytes.
    public var maxResponseBody: Int
    /// Whether to ask the upstream for gzip responses.
    public var requestGzip: Bool
    /// Upstream TLS trust and client certificate.
    public var tls: UpstreamTLSConfig?
    /// The default upstream identity for clients without their own.
    public var credentials: CredentialsConfig?
    /// When credentials are renewed: the statuses that trigger it and the timing.
    public var renewal: RenewalConfig

    /// Creates upstream settings with the documented defaults.
    public init(
        target: UpstreamTarget,
        appToken: String? = nil,
        timeZone: String? = nil,
        language: String? = nil,
        culture: String? = nil,
        timeout: TimeAmount = .seconds(30),
        connectTimeout: TimeAmount = .seconds(5),
        maxConnections: Int = 256,
        maxResponseBody: Int = 64 << 20,
        requestGzip: Bool = true,
        tls: UpstreamTLSConfig? = nil,
        credentials: CredentialsConfig? = nil,
        renewal: RenewalConfig = RenewalConfig()
    ) {
        self.target = target
        self.appToken = appToken
        self.timeZone = timeZone
        self.language = language
        self.culture = culture
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxConnections = maxConnections
        self.maxResponseBody = maxResponseBody
        self.requestGzip = requestGzip
        self.tls = tls
        self.credentials = credentials
        self.renewal = renewal
    }
}

extension UpstreamConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Everything but the app token and credential secrets.
    public var description: String {
        let target: String
        switch self.target {
        case .url(let url): target = url.string
        case .tenant(let tenant): target = "tenant(\(tenant.context) in \(tenant.environment))"
        }
        return "upstream(target: \(target), app_token: \(appToken == nil ? "none" : Redaction.mask), "
            + "credentials: \(credentials.map(\.description) ?? "none"))"
    }

    /// The same text as `description`, so debug output is redacted too.
    public var debugDescription: String {
        description
    }

    /// Children with secrets masked, so `dump` and debuggers show no secret.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "target": target, "appToken": appToken == nil ? "none" : Redaction.mask, "timeZone": timeZone as Any,
            "language": language as Any, "culture": culture as Any, "timeout": timeout, "connectTimeout": connectTimeout,
            "maxConnections": maxConnections, "maxResponseBody": maxResponseBody, "requestGzip": requestGzip,
            "tls": tls as Any, "credentials": credentials as Any, "renewal": renewal,
        ])
    }
}
