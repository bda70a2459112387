import Foundation
import UpstreamTransport
import NIOHTTP1
import Testing

/// `clients[].allow` through real sockets: what passes, what is refused with 403 and never reaches upstream.
@Suite("Policy route allow lists")
struct RouteAllowTests {
    static let rulesA = """
    allow:
      - GET /api/v1/Contact/*
      - POST /api/v1/Agents/Batch/GetBatchTaskInfosByAssociates
      - "* /api/v1/List/**"
    """
    static let rulesB = """
    allow:
      - DELETE /api/v1/Secret/*
    """

    static func yaml(_ url: String) -> String {
        PolicyYAML.make(url, a: rulesA, b: rulesB)
    }

    /// The lines of the metrics text for the denial counter.
    static func deniedLines(_ h: TestHarness) -> [String] {
        String(decoding: h.gateway.metrics.render(), as: UTF8.self)
            .split(separator: "\n").map(String.init).filter { $0.hasPrefix("so_gateway_policy_denied_total{") }
    }

    @Test("A listed call passes, also in the /{context}/api form and in any letter case")
    func listedPasses() async throws {
        try await withHarness(yaml: Self.yaml) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(try await h.send(.GET, "/Cust12345/api/v1/Contact/5").status == .ok)
            #expect(try await h.send(.GET, "/API/V1/contact/5?$select=name").status != .forbidden)
            #expect(h.standIn.received.count == 3)
        }
    }

    @Test("A call outside the list gets 403 problem+json naming this client's rules only; nothing goes upstream; it is counted")
    func unlistedRefused() async throws {
        try await withHarness(yaml: Self.yaml) { h async throws in
            let response = try await h.send(.DELETE, "/api/v1/Contact/5")
            #expect(response.status == .forbidden)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.text.contains("urn:so-gateway:problem:route-not-allowed"))
            #expect(response.text.contains("GET /api/v1/Contact/*"))
            #expect(response.text.contains("* /api/v1/List/**"))
            #expect(!response.text.contains("Secret"))
            #expect(!response.text.contains("partner-b"))
            #expect(h.standIn.received.isEmpty)
            let lines = Self.deniedLines(h)
            #expect(lines.contains { $0.contains("client=\"partner-a\"") && $0.contains("reason=\"route\"") && $0.hasSuffix(" 1") })
        }
    }

    @Test("Methods: GET rules do not allow POST or HEAD; * rules allow any method")
    func methods() async throws {
        try await withHarness(yaml: Self.yaml) { h async throws in
            #expect(try await h.send(.POST, "/api/v1/Contact/5", body: "{}").status == .forbidden)
            #expect(try await h.send(.HEAD, "/api/v1/Contact/5").status == .forbidden)
            #expect(h.standIn.received.isEmpty)
            #expect(try await h.send(.PUT, "/api/v1/List/Entity/1", body: "{}").status != .forbidden)
            #expect(try await h.send(.GET, "/api/v1/List").status != .forbidden)
            #expect(h.standIn.received.count == 2)
        }
    }

    @Test("A trailing slash is not covered by *; ** covers it")
    func trailingSlash() async throws {
        try await withHarness(yaml: Self.yaml) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5/").status == .forbidden)
            #expect(try await h.send(.GET, "/api/v1/Contact/").status == .forbidden)
            #expect(h.standIn.received.isEmpty)
            #expect(try await h.send(.GET, "/api/v1/List/").status != .forbidden)
            #expect(h.standIn.received.count == 1)
        }
    }

    @Test("Encoded slashes (%2F, %5C) cannot escape a pattern: refused with 403, nothing upstream")
    func encodedSlash() async throws {
        try await withHarness(yaml: Self.yaml) { h async throws in
            for target in ["/api/v1/Contact/5%2F..%2F..%2FAgents%2FBatch%2FDeleteAll", "/api/v1/Contact/5%2fx", "/api/v1/List/x%5C..%5CSecret"] {
                let response = try await h.send(.GET, target)
                #expect(response.status == .forbidden, "\(target)")
                #expect(response.text.contains("route-not-allowed"))
            }
            #expect(h.standIn.received.isEmpty)
            #expect(Self.deniedLines(h).contains { $0.contains("reason=\"encoded_separator\"") && $0.hasSuffix(" 3") })
        }
    }

    @Test("Dot segments are refused by routing with 400 before anything goes upstream, also percent-encoded")
    func dotSegments() async throws {
        try await withHarness(yaml: Self.yaml) { h async throws in
            for target in ["/api/v1/Contact/../Secret/1", "/api/v1/Contact/%2e%2e/Secret/1", "/api/v1/List/./x"] {
                #expect(try await h.send(.GET, target).status == .badRequest, "\(target)")
            }
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("A client without allow may call everything; start-up warns naming each such client and only those")
    func noAllowList() async throws {
        try await withHarness(yaml: Self.yaml) { h async throws in
            #expect(try await h.send(.DELETE, "/api/v1/Contact/5", key: TestKeys.partnerC).status != .forbidden)
            #expect(h.standIn.received.count == 1)
            let warnings = h.logs.all.filter { $0.contains("no allow list") }
            #expect(warnings.contains { $0.contains("partner-c") })
            #expect(!warnings.contains { $0.contains("partner-a") || $0.contains("partner-b") })
        }
    }

    @Test("Refused calls cost no rate-limit tokens (policy runs before rate limiting)")
    func deniedCostsNoTokens() async throws {
        let a = Self.rulesA + "\nrate_limit: { requests_per_second: 0.01, burst: 1 }"
        try await withHarness(yaml: { PolicyYAML.make($0, a: a) }) { h async throws in
            for _ in 0..<3 {
                #expect(try await h.send(.DELETE, "/api/v1/Contact/5").status == .forbidden)
            }
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .tooManyRequests)
        }
    }

    @Test("Admin endpoints are not governed by client allow lists")
    func adminNotGoverned() async throws {
        let yaml: (String) -> String = { PolicyYAML.make($0, a: "allow: []", top: "admin: { listen: { host: 127.0.0.1, port: 0 } }") }
        try await withHarness(yaml: yaml) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .forbidden)
            let port = try #require(h.gateway.adminPort)
            for target in ["/healthz", "/metrics"] {
                let response = try await h.client.send(.GET, target, port: port, timeout: .seconds(5))
                #expect(response.status == .ok, "\(target)")
            }
        }
    }
}
