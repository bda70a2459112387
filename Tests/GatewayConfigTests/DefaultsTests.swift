import GatewayConfig
import NIOCore
import Testing

@Suite("Defaults")
struct DefaultsTests {
    @Test("a minimal file gets every documented default")
    func minimalFileDefaults() throws {
        let configuration = try Fixture.parse(Fixture.minimal())

        #expect(configuration.listen == ListenConfig(host: "127.0.0.1", port: 8080, tls: nil))

        let upstream = configuration.upstream
        #expect(upstream.target == .url(UpstreamURL(scheme: "https", host: "online3.superoffice.com", port: 443, basePath: "/Cust12345")))
        #expect(upstream.appToken == nil)
        #expect(upstream.timeZone == nil)
        #expect(upstream.language == nil)
        #expect(upstream.culture == nil)
        #expect(upstream.timeout == .seconds(30))
        #expect(upstream.connectTimeout == .seconds(5))
        #expect(upstream.maxConnections == 256)
        #expect(upstream.maxResponseBody == 64 * 1024 * 1024)
        #expect(upstream.requestGzip == true)
        #expect(upstream.tls == nil)
        #expect(upstream.renewal == RenewalConfig(
            onStatus: [401], margin: .minutes(5), failureBackoff: .seconds(2), ticketLifetime: .hours(6), requestTimeout: .seconds(10)
        ))

        let client = try #require(configuration.clients.first)
        #expect(client.timeZone == nil && client.language == nil && client.culture == nil)
        #expect(client.credentials == nil)
        #expect(client.rateLimit == nil)
        #expect(client.countCacheHits == true)

        #expect(configuration.limits.maxBody == 1024 * 1024)
        #expect(configuration.limits.maxHeaderBytes == 16 * 1024)
        #expect(configuration.limits.maxHeaderCount == 100)
        #expect(configuration.limits.maxTargetLength == 8 * 1024)
        #expect(configuration.limits.headerTimeout == .seconds(10))
        #expect(configuration.limits.bodyTimeout == .seconds(30))
        #expect(configuration.limits.idleTimeout == .seconds(75))
        #expect(configuration.limits.maxConnections == 10_000)
        #expect(configuration.limits.maxDecompressedBody == 8 * 1024 * 1024)
        #expect(configuration.limits.handshakeTimeout == .seconds(10))
        #expect(configuration.limits.h2MaxConcurrentStreams == 100)

        #expect(configuration.cache.enabled == true)
        #expect(configuration.cache.ttl == .seconds(60))
        #expect(configuration.cache.staleWhileRevalidate == .zero)
        #expect(configuration.cache.staleIfError == .zero)
        #expect(configuration.cache.maxBytes == 64 * 1024 * 1024)
        #expect(configuration.cache.maxIds == 1000)
        #expect(configuration.cache.endpoints == ["GetBatchTaskInfosByAssociates"])
        #expect(configuration.cache.composeByAssociate == false)

        #expect(configuration.compression == CompressionConfig(enabled: true, minSize: 1024, level: 6))

        #expect(configuration.rateLimit.store == nil)
        #expect(configuration.rateLimit.onStoreFailure == .local)
        #expect(configuration.rateLimit.replicas == 1)
        #expect(configuration.rateLimit.storeTimeout == .milliseconds(100))
        #expect(configuration.rateLimit.upstream == nil)

        #expect(configuration.admin == nil)
        #expect(configuration.logging == LoggingConfig(level: "info", accessLog: true))
        #expect(configuration.shutdown.drainTimeout == .seconds(30))
    }

    @Test("the Swift initialisers carry the same defaults as the YAML reader")
    func swiftInitialisersMatchYAMLDefaults() throws {
        let parsed = try Fixture.parse(Fixture.minimal())
        let built = GatewayConfiguration(
            upstream: UpstreamConfig(
                target: .url(UpstreamURL(scheme: "https", host: "online3.superoffice.com", basePath: "/Cust12345")),
                credentials: .ticket("7T:secret-ticket")
            ),
            clients: [ClientConfig(name: "app", apiKeys: [ClientKeyConfig(sha256: Fixture.hashA)])]
        )
        #expect(parsed == built)
    }

    @Test("burst defaults to max(1, ceil(requests_per_second))")
    func burstDefault() throws {
        let configuration = try Fixture.parse(Fixture.withClients("""
            - name: a
              api_keys_sha256: [\(Fixture.hashA)]
              rate_limit: { requests_per_second: 2.5 }
            - name: b
              api_keys_sha256: [\(Fixture.hashB)]
              rate_limit: { requests_per_second: 0.1 }
            """))
        #expect(configuration.clients[0].rateLimit?.burst == 3)
        #expect(configuration.clients[1].rateLimit?.burst == 1)
        #expect(UpstreamBudgetConfig(requestsPerSecond: 7).burst == 7)
        #expect(UpstreamBudgetConfig(requestsPerSecond: 7).maxWait == .zero)
    }

    @Test("listen port 0 (ephemeral) is allowed")
    func ephemeralPort() throws {
        let configuration = try Fixture.parse(Fixture.minimal("listen: { port: 0 }"))
        #expect(configuration.listen.port == 0)
    }

    @Test("limits.handshake_timeout defaults to the configured header_timeout, not to 10s")
    func handshakeTimeoutFollowsHeaderTimeout() throws {
        let configuration = try Fixture.parse(Fixture.minimal("limits: { header_timeout: 2s }"))
        #expect(configuration.limits.handshakeTimeout == .seconds(2))
        let own = try Fixture.parse(Fixture.minimal("limits: { header_timeout: 2s, handshake_timeout: 500ms }"))
        #expect(own.limits.handshakeTimeout == .milliseconds(500))
    }

    @Test("an explicit null value means the default")
    func nullMeansDefault() throws {
        let configuration = try Fixture.parse(Fixture.minimal("""
            limits:
              max_body: ~
            admin:
            """))
        #expect(configuration.limits.maxBody == 1 << 20)
        #expect(configuration.admin == nil)
    }
}
