import Foundation
import NIOHTTP1
import Testing

/// `clients[].max_body` overriding `limits.max_body` (64KiB in these tests), smaller and larger.
@Suite("Policy per-client max_body")
struct ClientMaxBodyTests {
    static func yaml(_ url: String) -> String {
        PolicyYAML.make(url, a: "max_body: 1KiB", b: "max_body: 256KiB")
    }

    @Test("A smaller client limit answers 413 problem+json with that limit, and nothing goes upstream")
    func smaller() async throws {
        try await withHarness(yaml: Self.yaml) { h async throws in
            let response = try await h.send(.POST, "/api/v1/Contact", headers: [("Content-Type", "application/json")], body: String(repeating: "x", count: 2048))
            #expect(response.status == .payloadTooLarge)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.text.contains("\"max_body\":1024"))
            #expect(h.standIn.received.isEmpty)
            let fits = try await h.send(.POST, "/api/v1/Contact", headers: [("Content-Type", "application/json")], body: String(repeating: "x", count: 1024))
            #expect(fits.status != .payloadTooLarge)
            #expect(h.standIn.received.count == 1)
        }
    }

    @Test("A larger client limit lets that client send more than limits.max_body, and only that client")
    func larger() async throws {
        try await withHarness(yaml: Self.yaml) { h async throws in
            let body = String(repeating: "y", count: 200 << 10)
            let big = try await h.send(.POST, "/api/v1/Contact", headers: [("Content-Type", "application/json")], body: body, key: TestKeys.partnerB)
            #expect(big.status != .payloadTooLarge)
            #expect(h.standIn.received.first?.body.count == 200 << 10)
            h.standIn.clearReceived()
            let other = try await h.send(.POST, "/api/v1/Contact", headers: [("Content-Type", "application/json")], body: body, key: TestKeys.partnerC)
            #expect(other.status == .payloadTooLarge)
            #expect(other.text.contains("\"max_body\":65536"))
            #expect(h.standIn.received.isEmpty)
            let tooBig = String(repeating: "z", count: 300 << 10)
            let over = try await h.send(.POST, "/api/v1/Contact", headers: [("Content-Type", "application/json")], body: tooBig, key: TestKeys.partnerB)
            #expect(over.status == .payloadTooLarge)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("A caller without a known key is held to limits.max_body even when some client has a larger one")
    func unauthenticatedCallerGetsTheStandardLimit() async throws {
        try await withHarness(yaml: Self.yaml) { h async throws in
            let body = String(repeating: "y", count: 200 << 10)
            for key in ["not-a-key", nil] as [String?] {
                let response = try await h.send(.POST, "/api/v1/Contact", headers: [("Content-Type", "application/json")], body: body, key: key)
                #expect(response.status == .payloadTooLarge)
                #expect(response.text.contains("\"max_body\":65536"))
                #expect(!response.text.contains("262144"))
            }
            #expect(h.standIn.received.isEmpty)
        }
    }
}
