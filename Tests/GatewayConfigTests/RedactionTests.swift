import GatewayConfig
import Testing

@Suite("Secrets stay out of descriptions")
struct RedactionTests {
    static let secrets = [
        "app-token-secret", "system-user-token-secret", "oauth-client-secret", "oauth-refresh-secret", "redis-secret",
    ]

    /// Every way Swift turns a value into text.
    static func renderings(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test("no secret of the full example appears in any rendering of the configuration")
    func fullConfiguration() throws {
        let directory = try TemporaryDirectory()
        try FullExample.writeFiles(in: directory)
        let configuration = try ConfigLoader.parse(yaml: FullExample.yaml, environment: FullExample.environment, baseDirectory: directory.path)
        for text in Self.renderings(of: configuration) {
            for secret in Self.secrets {
                #expect(!text.contains(secret), "a rendering contains \(secret.prefix(6))…")
            }
        }
    }

    @Test("credential descriptions name the kind and user but mask secrets")
    func credentialDescriptions() {
        let environment = SuperOfficeEnvironment.parse(name: "sod")
        #expect(CredentialsConfig.basic(user: "alice", password: "hunter2").description == "basic(user: alice, password: ***)")
        #expect(CredentialsConfig.ticket("7T:abc").description == "ticket(***)")
        #expect(CredentialsConfig.bearer("8A:abc").description == "bearer(***)")

        let cases: [(CredentialsConfig, [String])] = [
            (.basic(user: "alice", password: "hunter2"), ["hunter2"]),
            (.ticket("7T:ticket-secret"), ["ticket-secret"]),
            (.bearer("8A:bearer-secret"), ["bearer-secret"]),
            (.oauth(OAuthConfig(clientId: "id", clientSecret: "cs-secret", refreshToken: "rt-secret", tokenURL: "https://sod.superoffice.com/t")),
             ["cs-secret", "rt-secret"]),
            (.session(SessionConfig(
                cookies: [SessionCookie(name: ".ASPXAUTH", value: "cookie-secret")],
                login: SessionLoginConfig(url: "https://h/login", user: "bob", password: "login-secret")
            )), ["cookie-secret", "login-secret"]),
        ] + (environment.map { [(
            CredentialsConfig.systemUser(SystemUserConfig(token: "su-secret", privateKeyFile: "/k.pem", context: "Cust1", environment: $0)),
            ["su-secret"]
        )] } ?? [])
        for (credentials, secrets) in cases {
            for text in Self.renderings(of: credentials) + Self.renderings(of: [credentials]) {
                for secret in secrets {
                    #expect(!text.contains(secret), "\(credentials.kind) leaks a secret")
                }
            }
        }
    }

    @Test("the Redis URL description masks the password")
    func redisPassword() throws {
        let url = try #require(RedisURL.parse("redis://:p%40ss@cache:6379/1"))
        #expect(url.password == "p@ss")
        #expect(url.description == "redis://:***@cache:6379/1")
        #expect(!Self.renderings(of: url).contains { $0.contains("p@ss") })
    }

    @Test("the identity description includes the secret material and differs per identity")
    func identityDescription() {
        let alice = CredentialsConfig.basic(user: "alice", password: "pw1")
        #expect(alice.identityDescription == "basic\u{1F}alice\u{1F}pw1")
        #expect(alice.identityDescription != CredentialsConfig.basic(user: "alice", password: "pw2").identityDescription)
        #expect(CredentialsConfig.ticket("x").identityDescription != CredentialsConfig.bearer("x").identityDescription)
        if let sod = SuperOfficeEnvironment.parse(name: "sod") {
            let systemUser = CredentialsConfig.systemUser(SystemUserConfig(token: "tok", privateKeyFile: "/k", context: "Cust9", environment: sod))
            #expect(systemUser.identityDescription == "system_user\u{1F}tok\u{1F}Cust9\u{1F}https://sod.superoffice.com")
        } else {
            Issue.record("sod is a known environment")
        }
    }

    @Test("problems never echo a rejected secret value")
    func problemsDoNotEchoValues() {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\napp_token: \"sec\\nret-value\"\ncredentials: { ticket: \"tick\\u0007et-value\" }")
        let problems = Fixture.problems(yaml)
        #expect(problems.count == 2)
        #expect(!problems.joined().contains("ret-value"))
        #expect(!problems.joined().contains("et-value"))
    }
}
