import GatewayConfig
import NIOCore
import Testing

@Suite("YAML anchors and merge keys")
struct MergeKeyTests {
    @Test("a merged mapping supplies keys; keys written in place win")
    func mergeSuppliesKeys() throws {
        let yaml = Fixture.withClients("""
            - &base
              name: a
              api_keys_sha256: [\(Fixture.hashA)]
              rate_limit: { requests_per_second: 5 }
              time_zone: NO
            - <<: *base
              name: b
              api_keys_sha256: [\(Fixture.hashB)]
            """)
        let configuration = try Fixture.parse(yaml)
        #expect(configuration.clients[1].name == "b")
        #expect(configuration.clients[1].apiKeysSHA256 == [Fixture.hashB])
        #expect(configuration.clients[1].rateLimit?.requestsPerSecond == 5)
        #expect(configuration.clients[1].timeZone == "NO")
    }

    @Test("unknown keys brought in by a merge are still reported")
    func mergedUnknownKey() {
        let yaml = Fixture.minimal("""
            x-limits: &limits { max_body: 1MiB, max_bdy: 2MiB }
            limits:
              <<: *limits
            """)
        #expect(Fixture.problems(yaml) == ["limits.max_bdy: unknown key"])
    }

    @Test("top-level x- keys hold anchors and are otherwise ignored; other unknown top-level keys are not")
    func extensionKeys() throws {
        let yaml = Fixture.minimal("""
            x-timeouts: &timeouts { header_timeout: 3s }
            limits: { <<: *timeouts, max_body: 2MiB }
            """)
        let configuration = try Fixture.parse(yaml)
        #expect(configuration.limits.headerTimeout == .seconds(3))
        #expect(configuration.limits.maxBody == 2 << 20)
        #expect(Fixture.problems(Fixture.minimal("defaults: { a: 1 }")) == ["defaults: unknown key"])
    }
}
