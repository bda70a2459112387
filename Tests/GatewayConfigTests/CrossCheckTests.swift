import GatewayConfig
import Testing

@Suite("Rules across sections")
struct CrossCheckTests {
    @Test("client names must be unique")
    func duplicateNames() {
        let yaml = Fixture.withClients("""
            - name: app
              api_keys_sha256: [\(Fixture.hashA)]
            - name: app
              api_keys_sha256: [\(Fixture.hashB)]
            """)
        #expect(Fixture.problems(yaml) == ["clients[1].name: duplicate client name app (also clients[0])"])
    }

    @Test("a key hash may not appear twice, across clients or within one, whatever its case")
    func duplicateHashes() {
        let yaml = Fixture.withClients("""
            - name: a
              api_keys_sha256: [\(Fixture.hashA), \(Fixture.hashB)]
            - name: b
              api_keys_sha256: [\(Fixture.hashC), \(Fixture.hashA.uppercased())]
            - name: c
              api_keys_sha256: [\(Fixture.hashC)]
            """)
        #expect(Fixture.problems(yaml) == [
            "clients[1].api_keys_sha256[1]: the same key hash is already used at clients[0].api_keys_sha256[0]",
            "clients[2].api_keys_sha256[0]: the same key hash is already used at clients[1].api_keys_sha256[0]",
        ])
    }

    @Test("an admin key hash may not be a client's")
    func adminSharesClientHash() {
        let yaml = Fixture.minimal("admin: { listen: { port: 9090 }, api_keys_sha256: [\(Fixture.hashB), \(Fixture.hashA)] }")
        #expect(Fixture.problems(yaml) == [
            "admin.api_keys_sha256[1]: an admin key hash may not be a client key hash (also clients[0].api_keys_sha256[0])",
        ])
    }

    @Test("a client with its own credentials needs no upstream default")
    func clientOwnCredentials() throws {
        let yaml = Fixture.withClients("""
            - name: a
              api_keys_sha256: [\(Fixture.hashA)]
              credentials: { bearer: "8A:Cust1.token" }
            """, upstreamCredentials: false)
        let configuration = try Fixture.parse(yaml)
        #expect(configuration.upstream.credentials == nil)
        #expect(configuration.credentials(for: configuration.clients[0]) == .bearer("8A:Cust1.token"))
    }

    @Test("every client without its own credentials is reported")
    func everyClientWithoutCredentials() {
        let yaml = Fixture.withClients("""
            - name: a
              api_keys_sha256: [\(Fixture.hashA)]
            - name: b
              api_keys_sha256: [\(Fixture.hashB)]
              credentials: { ticket: "7T:x" }
            - name: c
              api_keys_sha256: [\(Fixture.hashC)]
            """, upstreamCredentials: false)
        #expect(Fixture.problems(yaml) == [
            "clients[0].credentials: no credentials here and no upstream.credentials default",
            "clients[2].credentials: no credentials here and no upstream.credentials default",
        ])
    }
}
