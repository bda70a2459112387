import Foundation
import TestSupport
import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOHTTP1
import Testing
@testable import SOGateway

/// `api_keys_sha256` entries with `not_after`: expired keys look exactly like unknown ones, are logged once,
/// and several keys per client allow rotation.
@Suite("Policy key lifetimes")
struct KeyLifetimeTests {
    static let oldKey = "partner-a-old-key-0123456789abcdefghijklmnop"

    static func yaml(_ url: String, oldNotAfter: String, newNotAfter: String? = nil) -> String {
        let newEntry = newNotAfter.map { "{ sha256: \"\(TestKeys.hash(TestKeys.partnerA))\", not_after: \"\($0)\" }" }
            ?? "\"\(TestKeys.hash(TestKeys.partnerA))\""
        return PolicyYAML.make(url).replacingOccurrences(
            of: "api_keys_sha256: [ \"\(TestKeys.hash(TestKeys.partnerA))\" ]",
            with: """
            api_keys_sha256:
                  - \(newEntry)
                  - { sha256: "\(TestKeys.hash(oldKey))", not_after: "\(oldNotAfter)", note: "rotated out, ticket 4711" }
            """
        )
    }

    /// Strips the per-request id so two problem bodies can be compared.
    static func withoutRequestId(_ text: String) -> String {
        text.replacingOccurrences(of: #""request_id":"[^"]*""#, with: "", options: .regularExpression)
    }

    @Test("An expired key gets exactly the 401 of an unknown key, and nothing goes upstream")
    func expiredLikeUnknown() async throws {
        try await withHarness(yaml: { Self.yaml($0, oldNotAfter: "2020-01-01T00:00:00Z") }) { h async throws in
            let expired = try await h.send(.GET, "/api/v1/Contact/5", key: Self.oldKey)
            let unknown = try await h.send(.GET, "/api/v1/Contact/5", key: "no-such-key-0123456789abcdefghijklmnop")
            #expect(expired.status == .unauthorized)
            #expect(expired.header("WWW-Authenticate") == unknown.header("WWW-Authenticate"))
            #expect(expired.header("Content-Type") == unknown.header("Content-Type"))
            #expect(Self.withoutRequestId(expired.text) == Self.withoutRequestId(unknown.text))
            #expect(h.standIn.received.isEmpty)
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
        }
    }

    @Test("A key whose not_after is ahead works; both keys of a client work during rotation")
    func futureKeyWorks() async throws {
        let later = PolicyYAML.timestamp(secondsFromNow: 3600)
        try await withHarness(yaml: { Self.yaml($0, oldNotAfter: later, newNotAfter: later) }) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5", key: Self.oldKey).status == .ok)
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
        }
    }

    @Test("The expiry is logged once per key, naming client, note and expiry, never the key or its full hash")
    func loggedOnce() async throws {
        try await withHarness(yaml: { Self.yaml($0, oldNotAfter: "2020-01-01T00:00:00Z") }) { h async throws in
            for _ in 0..<4 {
                #expect(try await h.send(.GET, "/api/v1/Contact/5", key: Self.oldKey).status == .unauthorized)
            }
            let lines = h.logs.all.filter { $0.contains("expired API key") }
            #expect(lines.count == 1)
            let line = try #require(lines.first)
            #expect(line.contains("partner-a"))
            #expect(line.contains("rotated out, ticket 4711"))
            #expect(line.contains("2020-01-01T00:00:00Z"))
            #expect(line.contains(String(TestKeys.hash(Self.oldKey).prefix(8))))
            #expect(!line.contains(TestKeys.hash(Self.oldKey)))
            #expect(!h.logs.all.contains { $0.contains(Self.oldKey) })
        }
    }

    @Test("Boundary: a key is accepted at exactly not_after and refused one millisecond later (injected clock)")
    func boundaryWithClock() throws {
        let notAfter = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = NIOLockedValueBox(notAfter)
        var config = ClientConfig(name: "partner-a", apiKeys: [ClientKeyConfig(sha256: TestKeys.hash(Self.oldKey), notAfter: notAfter)])
        config.credentials = .ticket("7T:t")
        let principal = ClientPrincipal(
            name: "partner-a", config: config,
            identity: UpstreamIdentity(id: "x", kind: "ticket", provider: StaticCredentialProvider(authorization: "SOTicket 7T:t"))
        )
        let table = ClientKeyTable([principal], logger: Logger(label: "test"), now: { clock.withLockedValue { $0 } })
        #expect(table.client(forKey: Substring(Self.oldKey))?.name == "partner-a")
        clock.withLockedValue { $0 = notAfter.addingTimeInterval(0.001) }
        #expect(table.client(forKey: Substring(Self.oldKey)) == nil)
        clock.withLockedValue { $0 = notAfter.addingTimeInterval(-0.001) }
        #expect(table.client(forKey: Substring(Self.oldKey))?.name == "partner-a")
    }

    @Test("Boundary through the socket: a key expiring a few seconds ahead works now and is refused after it passed")
    func boundaryThroughSocket() async throws {
        // Whole seconds, truncated: not_after lies between 5 and 6 seconds after the clock's start.
        let clock = ManualClock(date: Date())
        let stamp = PolicyYAML.timestamp(secondsFromNow: 6)
        try await withHarness(yaml: { Self.yaml($0, oldNotAfter: stamp) }, clock: clock.clock) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5", key: Self.oldKey).status == .ok)
            clock.advance(by: .seconds(7))
            #expect(try await h.send(.GET, "/api/v1/Contact/5", key: Self.oldKey).status == .unauthorized)
        }
    }

    @Test("Reload keeps lifetimes working: extending not_after revives the key, setting it in the past retires it")
    func reload() async throws {
        try await withHarness(yaml: { Self.yaml($0, oldNotAfter: "2020-01-01T00:00:00Z") }) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5", key: Self.oldKey).status == .unauthorized)
            let url = h.standIn.baseURL
            let extended = Self.yaml(url, oldNotAfter: PolicyYAML.timestamp(secondsFromNow: 3600))
            try h.gateway.reload(try ConfigLoader.parse(yaml: extended, environment: [:], baseDirectory: "/"))
            #expect(try await h.send(.GET, "/api/v1/Contact/5", key: Self.oldKey).status == .ok)
            let retired = Self.yaml(url, oldNotAfter: "2021-01-01T00:00:00+01:00")
            try h.gateway.reload(try ConfigLoader.parse(yaml: retired, environment: [:], baseDirectory: "/"))
            #expect(try await h.send(.GET, "/api/v1/Contact/5", key: Self.oldKey).status == .unauthorized)
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
        }
    }
}
