import GatewayConfig
import Testing

@Suite("Upstream, environment and Redis URLs")
struct URLParsingTests {
    @Test("an upstream URL splits into scheme, host, port and base path")
    func upstreamURLParts() throws {
        let url = try #require(UpstreamURL.parse("https://online3.superoffice.com/Cust12345"))
        #expect(url == UpstreamURL(scheme: "https", host: "online3.superoffice.com", port: 443, basePath: "/Cust12345"))
        #expect(url.string == "https://online3.superoffice.com/Cust12345")
        #expect(url.authority == "online3.superoffice.com")
    }

    @Test("upstream URLs round-trip through string", arguments: [
        "https://online3.superoffice.com/Cust12345", "http://127.0.0.1:8081", "http://[::1]:9000/base/path",
        "https://h", "http://h:443/x",
    ])
    func upstreamRoundTrip(_ text: String) throws {
        let url = try #require(UpstreamURL.parse(text))
        #expect(url.string == text)
        #expect(UpstreamURL.parse(url.string) == url)
    }

    @Test("defaults and normalisation: default ports, trailing slash, case")
    func upstreamNormalisation() throws {
        #expect(UpstreamURL.parse("http://h/")?.port == 80)
        #expect(UpstreamURL.parse("http://h/")?.basePath == "")
        #expect(UpstreamURL.parse("HTTPS://Online.SuperOffice.com/Cust1/")?.string == "https://online.superoffice.com/Cust1")
        #expect(UpstreamURL.parse("http://[::1]:8080")?.host == "::1")
        #expect(UpstreamURL.parse("http://[::1]:8080")?.authority == "[::1]:8080")
    }

    @Test("rejected upstream URLs", arguments: [
        "online3.superoffice.com/Cust1", "ftp://h", "https://u:p@h", "https://h/x?y=1", "https://h/x#f", "https:///x",
        "https://h:0/", "https://h:70000/", "", "https://exa mple.com",
    ])
    func rejectedUpstreamURL(_ text: String) {
        #expect(UpstreamURL.parse(text) == nil)
    }

    @Test("named environments map to https://{name}.superoffice.com")
    func namedEnvironments() {
        for name in ["sod", "qaonline", "online"] {
            #expect(SuperOfficeEnvironment.parse(name: name)?.baseURL.string == "https://\(name).superoffice.com")
            #expect(SuperOfficeEnvironment.parse(name: name)?.name == name)
        }
        #expect(SuperOfficeEnvironment.parse(name: "stage") == nil)
        #expect(SuperOfficeEnvironment.parse(url: "http://127.0.0.1:9999")?.baseURL.port == 9999)
        #expect(SuperOfficeEnvironment.parse(url: "http://127.0.0.1:9999")?.name == nil)
    }

    @Test("tenant with environment_url and OAuth with explicit token_url")
    func environmentURLInFile() throws {
        let yaml = Fixture.withUpstream("""
            tenant: { context: Cust7, environment_url: "http://127.0.0.1:9999" }
            credentials:
              oauth: { client_id: c, client_secret: s, refresh_token: r, token_url: "http://127.0.0.1:9999/tokens" }
            """)
        let configuration = try Fixture.parse(yaml)
        let standIn = SuperOfficeEnvironment(baseURL: UpstreamURL(scheme: "http", host: "127.0.0.1", port: 9999))
        #expect(configuration.upstream.target == .tenant(TenantConfig(context: "Cust7", environment: standIn)))
        guard case .oauth(let oauth) = configuration.upstream.credentials else {
            Issue.record("expected OAuth")
            return
        }
        #expect(oauth.tokenURL == "http://127.0.0.1:9999/tokens")
        #expect(oauth.environment == nil)
    }

    @Test("Redis URLs", arguments: [
        ("redis://cache", RedisURL(host: "cache")),
        ("redis://cache:6380", RedisURL(host: "cache", port: 6380)),
        ("redis://cache:6379/3", RedisURL(host: "cache", db: 3)),
        ("redis://:pw@cache:6379/0", RedisURL(host: "cache", password: "pw")),
        ("redis://[::1]:7000/", RedisURL(host: "::1", port: 7000)),
    ])
    func redisURLs(_ text: String, _ expected: RedisURL) {
        #expect(RedisURL.parse(text) == expected)
    }

    @Test("rejected Redis URLs", arguments: ["cache:6379", "rediss://cache", "redis://", "redis://cache/x", "redis://u:p@cache", "redis://cache:0"])
    func rejectedRedisURLs(_ text: String) {
        #expect(RedisURL.parse(text) == nil)
    }
}
