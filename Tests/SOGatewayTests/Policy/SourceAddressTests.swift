import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import UpstreamTransport

/// `clients[].source_ips` and `listen.trusted_proxies` through real sockets.
@Suite("Policy source addresses")
struct SourceAddressTests {
    @Test("A call from inside source_ips passes; from outside gets 403 problem+json and nothing goes upstream")
    func sourceRanges() async throws {
        let yaml: (String) -> String = {
            PolicyYAML.make($0, a: "source_ips: [127.0.0.0/8]", b: "source_ips: [10.0.0.0/8, \"2001:db8::/32\"]")
        }
        try await withHarness(yaml: yaml) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(h.standIn.received.count == 1)
            h.standIn.clearReceived()
            let refused = try await h.send(.GET, "/api/v1/Contact/5", key: TestKeys.partnerB)
            #expect(refused.status == .forbidden)
            #expect(refused.header("Content-Type") == "application/problem+json")
            #expect(refused.text.contains("urn:so-gateway:problem:source-not-allowed"))
            #expect(h.standIn.received.isEmpty)
            let metrics = String(decoding: h.gateway.metrics.render(), as: UTF8.self)
            #expect(metrics.contains("reason=\"source_ip\""))
        }
    }

    @Test("X-Forwarded-For from a peer that is not a trusted proxy cannot choose the address")
    func untrustedForwardedFor() async throws {
        try await withHarness(yaml: { PolicyYAML.make($0, a: "source_ips: [203.0.113.0/24]") }) { h async throws in
            let response = try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Forwarded-For", "203.0.113.5")])
            #expect(response.status == .forbidden)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("Behind a trusted proxy the right-most untrusted X-Forwarded-For entry is the client; upstream sees the chain")
    func trustedForwardedFor() async throws {
        let yaml: (String) -> String = {
            PolicyYAML.make($0, a: "source_ips: [203.0.113.0/24, \"2001:db8::/32\"]", listen: "trusted_proxies: [127.0.0.0/8, 10.0.0.0/8]")
        }
        try await withHarness(yaml: yaml) { h async throws in
            let allowed = try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Forwarded-For", "198.51.100.1, 203.0.113.5, 10.0.0.9")])
            #expect(allowed.status == .ok)
            let seen = try #require(h.standIn.received.last)
            #expect(seen.header("X-Forwarded-For") == "198.51.100.1, 203.0.113.5, 10.0.0.9, 127.0.0.1")
            let v6 = try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Forwarded-For", "2001:db8::42")])
            #expect(v6.status == .ok)
            h.standIn.clearReceived()
            let spoofedLeft = try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Forwarded-For", "203.0.113.5, 198.51.100.1")])
            #expect(spoofedLeft.status == .forbidden)
            let missing = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(missing.status == .forbidden)
            let garbage = try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Forwarded-For", "203.0.113.5, unknown")])
            #expect(garbage.status == .forbidden)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("With trusted_proxies set, X-Forwarded-For from any other peer is not passed upstream; without it, it is (unchanged)")
    func forwardedForUpstream() async throws {
        try await withHarness(yaml: { PolicyYAML.make($0, listen: "trusted_proxies: [10.0.0.0/8]") }) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Forwarded-For", "203.0.113.5")]).status == .ok)
            #expect(h.standIn.received.last?.header("X-Forwarded-For") == "127.0.0.1")
        }
        try await withHarness(yaml: { PolicyYAML.make($0) }) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Forwarded-For", "203.0.113.5")]).status == .ok)
            #expect(h.standIn.received.last?.header("X-Forwarded-For") == "203.0.113.5, 127.0.0.1")
        }
    }

    @Test("IPv6 over loopback ::1: source_ips ::1/128 passes, an IPv6 range elsewhere is refused")
    func ipv6Loopback() async throws {
        let yaml: (String) -> String = {
            PolicyYAML.make($0, a: "source_ips: [\"::1/128\"]", b: "source_ips: [\"2001:db8::/32\", 127.0.0.0/8]", host: "::1")
        }
        try await withHarness(yaml: yaml) { h async throws in
            let port = try #require(h.gateway.port)
            func send(_ key: String) async throws -> GatewayAnswer {
                try await h.client.send(
                    .GET, "/api/v1/Contact/5", port: port, host: "::1", headers: HTTPHeaders([("X-API-Key", key)]), timeout: .seconds(5)
                )
            }
            #expect(try await send(TestKeys.partnerA).status == .ok)
            #expect(h.standIn.received.count == 1)
            #expect(h.standIn.received.first?.header("X-Forwarded-For") == "::1")
            #expect(try await send(TestKeys.partnerB).status == .forbidden)
            #expect(h.standIn.received.count == 1)
        }
    }
}
