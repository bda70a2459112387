import GatewayConfig
import NIOCore
import NIOHTTP1

/// Builds the header set sent upstream: the partner's own credentials, cookies and app tokens are removed,
/// SuperOffice's headers are set. Credentials themselves are added later by the credentials stage.
public struct UpstreamHeaderStage: GatewayStage {
    /// Partner headers that must never reach SuperOffice, or that the gateway sets itself.
    static let removed: Set<String> = [
        "authorization", "x-api-key", "cookie", "x-xsrf-token", "so-apptoken", "host", "content-length",
        "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded", "x-request-id",
        "accept-encoding", "expect", "so-timezone",
    ]

    let appToken: String?
    let defaultTimeZone: String?
    let defaultLanguage: String?
    let defaultCulture: String?
    /// Ask upstream for gzip: the gateway decodes for partners that cannot take it.
    let requestGzip: Bool
    /// `listen.trusted_proxies`: when set, a partner's `X-Forwarded-For` is passed on only from these peers,
    /// the same rule the policy stage uses to find the client address; when empty, it is passed on as before.
    let trustedProxies: [CIDR]

    public init(upstream: UpstreamConfig, trustedProxies: [CIDR] = []) {
        self.trustedProxies = trustedProxies
        self.appToken = upstream.appToken
        self.defaultTimeZone = upstream.timeZone
        self.defaultLanguage = upstream.language
        self.defaultCulture = upstream.culture
        self.requestGzip = upstream.requestGzip
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        var request = request
        request.upstreamHeaders = upstreamHeaders(for: request)
        return next(request)
    }

    /// The rewritten header set; a pure function of the request, for unit tests and benchmarks.
    public func upstreamHeaders(for request: GatewayRequest) -> HTTPHeaders {
        var incoming = request.head.headers
        HopByHop.strip(&incoming)
        var out = HTTPHeaders()
        out.reserveCapacity(incoming.count + 6)
        var forwardedFor: String?
        var partnerTimeZone: String?
        for (name, value) in incoming {
            if HeaderName.equals(name, "x-forwarded-for") {
                forwardedFor = forwardedFor.map { $0 + ", " + value } ?? value
            } else if HeaderName.equals(name, "so-timezone") {
                if partnerTimeZone == nil { partnerTimeZone = value }
            } else if !Self.isRemoved(name) {
                out.add(name: name, value: value)
            }
        }
        let client = request.client?.config
        if let zone = Self.timeZone(partner: partnerTimeZone, client: client?.timeZone, upstream: defaultTimeZone) {
            out.add(name: "SO-TimeZone", value: zone)
        }
        if !out.contains(name: "SO-Language"), let language = client?.language ?? defaultLanguage {
            out.add(name: "SO-Language", value: language)
        }
        if !out.contains(name: "SO-Culture"), let culture = client?.culture ?? defaultCulture {
            out.add(name: "SO-Culture", value: culture)
        }
        if let appToken {
            out.add(name: "SO-AppToken", value: appToken)
        }
        if requestGzip {
            out.add(name: "Accept-Encoding", value: "gzip")
        }
        if let address = request.remoteAddress {
            let trusted = trustedProxies.isEmpty || request.peerAddress.map { ClientAddress.isTrusted($0, trustedProxies) } == true
            let chain = trusted ? forwardedFor : nil
            out.add(name: "X-Forwarded-For", value: chain.map { $0 + ", " + address } ?? address)
        }
        out.add(name: "X-Forwarded-Proto", value: request.isTLS ? "https" : "http")
        out.add(name: "X-Request-Id", value: request.requestId)
        return out
    }

    /// Whether a partner header is one the gateway removes or sets itself (see `removed`), without
    /// allocating a lowercased copy of every header name.
    static func isRemoved(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: return HeaderName.equals(name, "host")
        case 6: return HeaderName.equals(name, "cookie") || HeaderName.equals(name, "expect")
        case 9: return HeaderName.equals(name, "x-api-key") || HeaderName.equals(name, "forwarded")
        case 11: return HeaderName.equals(name, "so-apptoken") || HeaderName.equals(name, "so-timezone")
        case 12: return HeaderName.equals(name, "x-xsrf-token") || HeaderName.equals(name, "x-request-id")
        case 13: return HeaderName.equals(name, "authorization")
        case 14: return HeaderName.equals(name, "content-length")
        case 15: return HeaderName.equals(name, "x-forwarded-for") || HeaderName.equals(name, "accept-encoding")
        case 16: return HeaderName.equals(name, "x-forwarded-host")
        case 17: return HeaderName.equals(name, "x-forwarded-proto")
        default: return false
        }
    }

    /// The partner's well-formed SO-TimeZone, else the client's default, else the upstream default.
    static func timeZone(partner: String?, client: String?, upstream: String?) -> String? {
        if let partner {
            let trimmed = partner.trimmingSpaces()
            if TimeZoneValue.isValid(trimmed) { return trimmed }
        }
        return client ?? upstream
    }
}
