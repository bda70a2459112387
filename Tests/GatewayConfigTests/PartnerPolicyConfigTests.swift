import Foundation
import GatewayConfig
import Testing

/// `clients[].allow`, key lifetimes, `source_ips`, `listen.trusted_proxies` and `clients[].max_body`:
/// what loads, and that every malformed value is reported at its key path.
@Suite("Partner policy configuration")
struct PartnerPolicyConfigTests {
    static let hashA = Fixture.hashA

    /// A one-client file with extra keys in the client (each line indented by the caller's YAML).
    static func client(_ extra: String, listen: String = "") -> String {
        """
        \(listen)
        upstream:
          url: https://online3.superoffice.com/Cust12345
          credentials: { ticket: "7T:secret-ticket" }
        clients:
          - name: app
            api_keys_sha256: [\(hashA)]
        \(extra.indented(by: 4))
        """
    }

    @Test("allow rules, source_ips, max_body and trusted_proxies load into the configuration")
    func loads() throws {
        let yaml = Self.client(
            """
            allow:
              - POST /api/v1/Agents/Batch/GetBatchTaskInfosByAssociates
              - get /api/v1/Contact/*
              - "* /api/v1/Agents/Batch/**"
            source_ips: [10.0.0.0/8, "2001:db8::/32", 192.0.2.7]
            max_body: 4MiB
            """,
            listen: "listen: { trusted_proxies: [127.0.0.0/8, \"::1\"] }"
        )
        let configuration = try Fixture.parse(yaml)
        let app = try #require(configuration.clients.first)
        #expect(app.allow?.map(\.description) == [
            "POST /api/v1/Agents/Batch/GetBatchTaskInfosByAssociates", "GET /api/v1/Contact/*", "* /api/v1/Agents/Batch/**",
        ])
        #expect(app.allow?[1].segments == [.literal("api"), .literal("v1"), .literal("contact"), .one])
        #expect(app.allow?[2].method == nil)
        #expect(app.sourceIPs?.map(\.description) == ["10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32", "192.0.2.7/32"])
        #expect(app.maxBody == 4 << 20)
        #expect(configuration.listen.trustedProxies.count == 2)
    }

    @Test("Without allow, source_ips and max_body a client has no restrictions (nil), and trusted_proxies is empty")
    func defaults() throws {
        let app = try #require(try Fixture.parse(Fixture.minimal()).clients.first)
        #expect(app.allow == nil)
        #expect(app.sourceIPs == nil)
        #expect(app.maxBody == nil)
        #expect(try Fixture.parse(Fixture.minimal()).listen.trustedProxies.isEmpty)
    }

    @Test("Key entries may be plain hashes or { sha256, not_after, note }, mixed in one list")
    func keyEntries() throws {
        let hashB = Fixture.hashB.uppercased()
        let yaml = """
        upstream:
          url: https://online3.superoffice.com/Cust12345
          credentials: { ticket: "7T:secret-ticket" }
        clients:
          - name: app
            api_keys_sha256:
              - \(Self.hashA)
              - { sha256: \(hashB), not_after: "2026-03-31T23:59:59Z", note: "old key, ticket 42" }
              - sha256: \(Fixture.hashC)
                not_after: 2026-04-01T01:59:59.5+02:00
        """
        let app = try #require(try Fixture.parse(yaml).clients.first)
        #expect(app.apiKeysSHA256 == [Self.hashA, Fixture.hashB, Fixture.hashC])
        #expect(app.apiKeys[0].notAfter == nil)
        #expect(app.apiKeys[1].note == "old key, ticket 42")
        #expect(app.apiKeys[1].notAfter == Date(timeIntervalSince1970: 1_775_001_599))
        #expect(app.apiKeys[2].notAfter == Date(timeIntervalSince1970: 1_775_001_599.5))
    }

    @Test("A key is valid up to and including not_after, expired from the next instant on")
    func expiryBoundary() {
        let limit = Date(timeIntervalSince1970: 1_000)
        let key = ClientKeyConfig(sha256: Self.hashA, notAfter: limit)
        #expect(!key.isExpired(at: limit))
        #expect(!key.isExpired(at: limit.addingTimeInterval(-0.001)))
        #expect(key.isExpired(at: limit.addingTimeInterval(0.001)))
        #expect(!ClientKeyConfig(sha256: Self.hashA).isExpired(at: .distantFuture))
    }

    @Test("RFC 3339: offsets, fractions and lowercase t/z parse; dates without offset, bad days and leap seconds do not")
    func timestamps() {
        #expect(RFC3339Timestamp.parse("1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(RFC3339Timestamp.parse("1970-01-01t01:00:00+01:00") == Date(timeIntervalSince1970: 0))
        #expect(RFC3339Timestamp.parse("2024-02-29T12:00:00z") != nil)
        #expect(RFC3339Timestamp.parse("1969-12-31T23:59:59-00:00") == Date(timeIntervalSince1970: -1))
        for bad in [
            "2026-03-31", "2026-03-31T23:59:59", "2026-03-31 23:59:59Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-03-31T24:00:00Z", "2026-03-31T23:59:60Z", "2026-03-31T23:59:59.Z", "2026-03-31T23:59:59+0200",
            "2026-03-31T23:59:59Z ", "tomorrow",
        ] {
            #expect(RFC3339Timestamp.parse(bad) == nil, "\(bad)")
        }
    }

    typealias Case = Fixture.ProblemCase

    static let cases: [Case] = [
        Case(label: "bad method", yaml: client("allow: [FETCH /api/v1/Contact/*]"),
             expected: ["clients[0].allow[0]: unknown method; expected * or one of DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"]),
        Case(label: "pattern without leading slash", yaml: client("allow: [GET api/v1/Contact]"),
             expected: ["clients[0].allow[0]: the path pattern must start with /"]),
        Case(label: "** not last", yaml: client("allow: [\"GET /api/**/Contact\"]"),
             expected: ["clients[0].allow[0]: ** is only allowed as the last segment of the path pattern"]),
        Case(label: "empty rule", yaml: client("allow: [GET /api/v1/Contact/*, \"\"]"),
             expected: ["clients[0].allow[1]: must not be empty; expected METHOD PATH-PATTERN such as GET /api/v1/Contact/*"]),
        Case(label: "method only", yaml: client("allow: [GET]"),
             expected: ["clients[0].allow[0]: expected METHOD PATH-PATTERN such as GET /api/v1/Contact/*"]),
        Case(label: "partial wildcard", yaml: client("allow: [\"GET /api/v1/Con*\"]"),
             expected: ["clients[0].allow[0]: * and ** must be a whole path segment"]),
        Case(label: "query in pattern", yaml: client("allow: [\"GET /api/v1/Contact?x=1\"]"),
             expected: ["clients[0].allow[0]: the path pattern must not contain a query or fragment (? or #)"]),
        Case(label: "encoded character in pattern", yaml: client("allow: [\"GET /api/v1/a%2Fb\"]"),
             expected: ["clients[0].allow[0]: the path pattern must be plain ASCII without %, \\ or spaces"]),
        Case(label: "dot segment in pattern", yaml: client("allow: [\"GET /api/../admin\"]"),
             expected: ["clients[0].allow[0]: the path pattern must not contain . or .. segments"]),
        Case(label: "allow not a list", yaml: client("allow: GET /api/**"), expected: ["clients[0].allow: expected a list"]),
        Case(label: "bad IPv4 CIDR", yaml: client("source_ips: [10.0.0.0/8, 10.0.0.256/8]"),
             expected: ["clients[0].source_ips[1]: \(cidrMessage)"]),
        Case(label: "IPv4 prefix too long", yaml: client("source_ips: [10.0.0.0/33]"),
             expected: ["clients[0].source_ips[0]: \(cidrMessage)"]),
        Case(label: "bad IPv6 CIDR", yaml: client("source_ips: [\"2001:db8:::1/64\"]"),
             expected: ["clients[0].source_ips[0]: \(cidrMessage)"]),
        Case(label: "IPv6 prefix too long", yaml: client("source_ips: [\"2001:db8::/129\"]"),
             expected: ["clients[0].source_ips[0]: \(cidrMessage)"]),
        Case(label: "empty prefix", yaml: client("source_ips: [10.0.0.0/]"),
             expected: ["clients[0].source_ips[0]: \(cidrMessage)"]),
        Case(label: "bad trusted proxy", yaml: client("", listen: "listen: { trusted_proxies: [\"fe80::/-1\"] }"),
             expected: ["listen.trusted_proxies[0]: \(cidrMessage)"]),
        Case(label: "bad timestamp", yaml: client("", listen: "").replacingOccurrences(
            of: "api_keys_sha256: [\(hashA)]", with: "api_keys_sha256: [{ sha256: \(hashA), not_after: 2026-03-31 }]"),
             expected: ["clients[0].api_keys_sha256[0].not_after: expected an RFC 3339 timestamp like 2026-03-31T23:59:59Z or 2026-04-01T01:59:59+02:00"]),
        Case(label: "bad hash in entry", yaml: client("", listen: "").replacingOccurrences(
            of: "api_keys_sha256: [\(hashA)]", with: "api_keys_sha256: [{ sha256: abc, note: x }]"),
             expected: ["clients[0].api_keys_sha256[0].sha256: expected 64 hex characters"]),
        Case(label: "entry without hash", yaml: client("", listen: "").replacingOccurrences(
            of: "api_keys_sha256: [\(hashA)]", with: "api_keys_sha256: [{ not_after: \"2026-03-31T23:59:59Z\" }]"),
             expected: ["clients[0].api_keys_sha256[0].sha256: missing required key"]),
        Case(label: "unknown key in entry", yaml: client("", listen: "").replacingOccurrences(
            of: "api_keys_sha256: [\(hashA)]", with: "api_keys_sha256: [{ sha256: \(hashA), expires: \"2026-03-31T23:59:59Z\" }]"),
             expected: ["clients[0].api_keys_sha256[0].expires: unknown key"]),
        Case(label: "bad plain hash", yaml: client("", listen: "").replacingOccurrences(
            of: "api_keys_sha256: [\(hashA)]", with: "api_keys_sha256: [nothex]"),
             expected: ["clients[0].api_keys_sha256[0]: expected 64 hex characters"]),
        Case(label: "bad client max_body", yaml: client("max_body: lots"),
             expected: ["clients[0].max_body: expected a size like 512KiB, 64MiB, 1GiB, 100B or a number of bytes"]),
    ]

    static let cidrMessage = "expected an IPv4 or IPv6 address or CIDR like 10.0.0.0/8 or 2001:db8::/32 (prefix at most 32 for IPv4, 128 for IPv6)"

    @Test("check-config reports each malformed rule, CIDR, timestamp and hash at its key path", arguments: cases)
    func problems(_ testCase: Case) {
        #expect(Fixture.problems(testCase.yaml) == testCase.expected)
    }

    @Test("Several problems in one client are all reported in one pass")
    func severalAtOnce() {
        let problems = Fixture.problems(Self.client("allow: [FETCH /x, \"GET /a/**/b\"]\nsource_ips: [300.1.1.1]"))
        #expect(problems.count == 3)
        #expect(problems.allSatisfy { $0.hasPrefix("clients[0].") })
    }

    @Test("CIDR matching: IPv4, IPv6, host bits ignored, IPv4-mapped IPv6 addresses match IPv4 ranges")
    func cidrMatching() throws {
        let v4 = try #require(CIDR("10.1.2.3/8"))
        #expect(v4.description == "10.0.0.0/8")
        #expect(v4.contains(try #require(IPAddressBytes("10.255.0.1"))))
        #expect(!v4.contains(try #require(IPAddressBytes("11.0.0.1"))))
        #expect(v4.contains(try #require(IPAddressBytes("::ffff:10.9.9.9"))))
        let v6 = try #require(CIDR("2001:db8::/32"))
        #expect(v6.contains(try #require(IPAddressBytes("2001:db8:ffff::1"))))
        #expect(v6.contains(try #require(IPAddressBytes("[2001:DB8::1]"))))
        #expect(!v6.contains(try #require(IPAddressBytes("2001:db9::1"))))
        #expect(!v6.contains(try #require(IPAddressBytes("10.0.0.1"))))
        let odd = try #require(CIDR("2001:db8:abcd:12::/63"))
        #expect(odd.contains(try #require(IPAddressBytes("2001:db8:abcd:13::5"))))
        #expect(!odd.contains(try #require(IPAddressBytes("2001:db8:abcd:14::5"))))
        let loopback6 = try #require(CIDR("::1"))
        #expect(loopback6.contains(try #require(IPAddressBytes("::1"))))
        #expect(!loopback6.contains(try #require(IPAddressBytes("127.0.0.1"))))
        let mappedRange = try #require(CIDR("::ffff:192.168.0.0/112"))
        #expect(mappedRange.description == "192.168.0.0/16")
        #expect(mappedRange.contains(try #require(IPAddressBytes("192.168.4.4"))))
        #expect(try #require(CIDR("0.0.0.0/0")).contains(try #require(IPAddressBytes("8.8.8.8"))))
        #expect(CIDR("::ffff:10.0.0.0/95") == nil)
        #expect(CIDR("10.0.0.0/8/8") == nil)
        #expect(CIDR("fe80::1%eth0") == nil)
    }
}
