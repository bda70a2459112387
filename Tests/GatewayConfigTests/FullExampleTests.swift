import GatewayConfig
import NIOCore
import Testing

@Suite("Loading the full example")
struct FullExampleTests {
    let directory: TemporaryDirectory
    let configuration: GatewayConfiguration

    init() throws {
        directory = try TemporaryDirectory()
        try FullExample.writeFiles(in: directory)
        let path = try directory.write("gateway.yml", FullExample.yaml)
        configuration = try ConfigLoader.load(path: path, environment: FullExample.environment)
    }

    @Test("listen block with TLS files resolved against the config directory")
    func listen() {
        #expect(configuration.listen == ListenConfig(
            host: "0.0.0.0",
            port: 8443,
            tls: ListenTLSConfig(certFile: directory.path + "/tls/gateway.pem", keyFile: directory.path + "/tls/gateway-key.pem", http2: false),
            trustedProxies: [CIDR("10.0.0.10/32"), CIDR("10.0.0.11/32")].compactMap { $0 }
        ))
    }

    @Test("upstream block: tenant target, expanded app token, header defaults, units")
    func upstream() {
        let upstream = configuration.upstream
        let online = SuperOfficeEnvironment(baseURL: UpstreamURL(scheme: "https", host: "online.superoffice.com"), name: "online")
        #expect(upstream.target == .tenant(TenantConfig(context: "Cust12345", environment: online)))
        #expect(upstream.appToken == "app-token-secret")
        #expect(upstream.timeZone == "NO")
        #expect(upstream.language == "nb-no")
        #expect(upstream.culture == "sv")
        #expect(upstream.timeout == .seconds(20))
        #expect(upstream.connectTimeout == .seconds(2))
        #expect(upstream.maxConnections == 128)
        #expect(upstream.maxResponseBody == 32 * 1024 * 1024)
        #expect(upstream.requestGzip == false)
        #expect(upstream.tls == UpstreamTLSConfig(caFile: directory.path + "/tls/upstream-ca.pem"))
        #expect(upstream.credentials == .systemUser(SystemUserConfig(
            token: "system-user-token-secret",
            privateKeyFile: directory.path + "/keys/partner.pem",
            context: "Cust12345",
            environment: online,
            verify: true
        )))
        #expect(upstream.renewal == RenewalConfig(
            onStatus: [401, 403], margin: .minutes(10), failureBackoff: .seconds(5), ticketLifetime: .hours(4),
            requestTimeout: .seconds(15)
        ))
    }

    @Test("clients: hashes lowercased, rate limits, own credentials, default burst")
    func clients() {
        #expect(configuration.clients.count == 2)
        let planner = configuration.clients[0]
        #expect(planner.name == "planner-web")
        #expect(planner.apiKeysSHA256 == [
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
        ])
        #expect(planner.apiKeys[0].notAfter == nil)
        #expect(planner.apiKeys[1].notAfter == RFC3339Timestamp.parse("2026-06-30T23:59:59Z"))
        #expect(planner.apiKeys[1].note == "previous key, retired in OPS-123")
        #expect(planner.allow?.map(\.description) == [
            "POST /api/v1/Agents/Batch/GetBatchTaskInfosByAssociates", "GET /api/v1/Contact/*", "* /api/v1/Agents/Batch/**",
        ])
        #expect(planner.sourceIPs == [CIDR("10.20.0.0/16"), CIDR("2001:db8:20::/48")].compactMap { $0 })
        #expect(planner.maxBody == 4 << 20)
        #expect(configuration.clients[1].allow == nil)
        #expect(planner.timeZone == "US-NY, includeTZOffset")
        #expect(planner.rateLimit == ClientRateLimitConfig(requestsPerSecond: 20, burst: 40, maxConcurrent: 8))
        #expect(planner.countCacheHits == false)
        #expect(planner.credentials == nil)
        #expect(configuration.credentials(for: planner) == configuration.upstream.credentials)

        let reporting = configuration.clients[1]
        #expect(reporting.name == "reporting.batch")
        #expect(reporting.language == "en")
        #expect(reporting.culture == "en-US")
        #expect(reporting.rateLimit?.burst == 1)
        #expect(reporting.rateLimit?.requestsPerSecond == 0.5)
        guard case .oauth(let oauth) = reporting.credentials else {
            Issue.record("expected OAuth credentials, got \(String(describing: reporting.credentials))")
            return
        }
        #expect(oauth.clientId == "reporting-app")
        #expect(oauth.clientSecret == "oauth-client-secret")
        #expect(oauth.refreshToken == "oauth-refresh-secret")
        #expect(oauth.tokenURL == "https://online.superoffice.com/login/common/oauth/tokens")
    }

    @Test("limits, cache and compression blocks")
    func limitsCacheCompression() {
        #expect(configuration.limits == LimitsConfig(
            maxBody: 2 << 20, maxHeaderBytes: 32 << 10, maxHeaderCount: 50, maxTargetLength: 4 << 10,
            headerTimeout: .seconds(5), bodyTimeout: .seconds(15), idleTimeout: .seconds(60),
            maxConnections: 5000, maxDecompressedBody: 16 << 20, handshakeTimeout: .seconds(4), h2MaxConcurrentStreams: 50
        ))
        #expect(configuration.cache == CacheConfig(
            enabled: true, ttl: .minutes(2), staleWhileRevalidate: .seconds(30), staleIfError: .minutes(10),
            maxBytes: 256 << 20, maxIds: 500,
            endpoints: ["GetBatchTaskInfosByAssociates", "GetBatchTaskInfosByAssociatesAndState"],
            composeByAssociate: true
        ))
        #expect(configuration.compression == CompressionConfig(enabled: true, minSize: 2048, level: 4))
    }

    @Test("rate_limit block with a password in the Redis URL")
    func rateLimit() {
        #expect(configuration.rateLimit == RateLimitConfig(
            store: RedisURL(host: "redis.internal", port: 6380, db: 2, password: "redis-secret"),
            onStoreFailure: .closed,
            replicas: 3,
            storeTimeout: .milliseconds(50),
            upstream: UpstreamBudgetConfig(requestsPerSecond: 100, burst: 150, maxConcurrent: 64, maxWait: .milliseconds(250))
        ))
    }

    @Test("admin, logging and shutdown blocks")
    func operations() {
        #expect(configuration.admin == AdminConfig(
            listen: ListenConfig(host: "127.0.0.1", port: 9090),
            apiKeysSHA256: ["2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"]
        ))
        #expect(configuration.logging == LoggingConfig(level: "notice", accessLog: false))
        #expect(configuration.shutdown == ShutdownConfig(drainTimeout: .seconds(45)))
    }
}
