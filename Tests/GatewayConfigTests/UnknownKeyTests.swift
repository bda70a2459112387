import Testing

@Suite("Unknown keys")
struct UnknownKeyTests {
    @Test("an unknown top-level key is reported")
    func topLevel() {
        #expect(Fixture.problems(Fixture.minimal("listen_port: 80")) == ["listen_port: unknown key"])
    }

    @Test("an unknown key two levels down is reported")
    func secondLevel() {
        #expect(Fixture.problems(Fixture.minimal("listen: { tls_enabled: true }")) == ["listen.tls_enabled: unknown key"])
    }

    @Test("an unknown key inside a list element is reported")
    func insideListElement() {
        let yaml = Fixture.withClients("- name: a\n  api_keys_sha256: [\(Fixture.hashA)]\n  ratelimit: { requests_per_second: 1 }")
        #expect(Fixture.problems(yaml) == ["clients[0].ratelimit: unknown key"])
    }

    @Test("an unknown key deep inside credentials is reported")
    func deepInsideCredentials() {
        let yaml = Fixture.withUpstream("""
            url: https://h/Cust1
            credentials:
              oauth:
                client_id: c
                client_secret: s
                refresh_token: r
                environment: sod
                scope: openid
            """)
        #expect(Fixture.problems(yaml) == ["upstream.credentials.oauth.scope: unknown key"])
    }

    @Test("an unknown key next to a credential kind is reported")
    func besideCredentialKind() {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\ncredentials: { ticket: t, expires: 1h }")
        #expect(Fixture.problems(yaml) == ["upstream.credentials.expires: unknown key"])
    }

    @Test("an unknown key in the rate-limit upstream budget is reported")
    func inRateLimitUpstream() {
        let yaml = Fixture.minimal("rate_limit: { upstream: { requests_per_second: 5, brust: 10 } }")
        #expect(Fixture.problems(yaml) == ["rate_limit.upstream.brust: unknown key"])
    }
}
