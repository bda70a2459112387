import Foundation
import NIOCore
import NIOHTTP1
import Testing
import UpstreamTransport

@Suite("Admin listener")
struct AdminEndpointTests {
    static let adminKey = "admin-key-0123456789abcdefghijklmnopqrstu"

    static func yaml(_ url: String, protected: Bool) -> String {
        let keys = protected ? ", api_keys_sha256: [ \"\(TestKeys.hash(adminKey))\" ]" : ""
        return TestHarness.defaultYAML(standInURL: url, extra: "admin: { listen: { host: 127.0.0.1, port: 0 }\(keys) }")
    }

    func admin(_ h: TestHarness, _ target: String, key: String? = nil) async throws -> GatewayAnswer {
        let port = try #require(h.gateway.adminPort)
        var headers = HTTPHeaders()
        if let key { headers.add(name: "X-API-Key", value: key) }
        return try await h.client.send(.GET, target, port: port, headers: headers, timeout: .seconds(5))
    }

    @Test("/healthz and /readyz answer 200 when serving")
    func health() async throws {
        try await withHarness(yaml: { Self.yaml($0, protected: true) }) { h in
            #expect(try await admin(h, "/healthz").status == .ok)
            let ready = try await admin(h, "/readyz")
            #expect(ready.status == .ok)
            #expect(ready.text.contains("\"status\":\"ready\""))
        }
    }

    @Test("/metrics shows the named series after traffic, and needs the admin key when one is configured")
    func metrics() async throws {
        try await withHarness(yaml: { Self.yaml($0, protected: true) }) { h in
            _ = try await h.send(.GET, "/api/v1/Contact/5")
            _ = try await h.send(.GET, "/api/v1/Contact/5", key: "wrong")
            _ = try await h.send(.POST, "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates", headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[1]}"#)
            _ = try await h.send(.POST, "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates", headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[1]}"#)
            #expect(try await admin(h, "/metrics").status == .unauthorized)
            #expect(try await admin(h, "/metrics", key: TestKeys.partnerA).status == .unauthorized)
            let metrics = try await admin(h, "/metrics", key: Self.adminKey)
            #expect(metrics.status == .ok)
            let text = metrics.text
            #expect(text.contains(#"so_gateway_requests_total{route="rest",status_class="2xx",client="partner-a"} 1"#))
            #expect(text.contains(#"status_class="4xx""#))
            #expect(text.contains("so_gateway_request_duration_seconds_bucket"))
            #expect(text.contains("so_gateway_upstream_duration_seconds_bucket"))
            #expect(text.contains("so_gateway_open_connections"))
            #expect(text.contains("so_gateway_cache_hits_total 1"))
            #expect(text.contains("so_gateway_cache_misses_total 1"))
            #expect(text.contains("so_gateway_cache_stored_bytes"))
        }
    }

    @Test("Without admin keys, metrics are open and purge is refused")
    func unprotected() async throws {
        try await withHarness(yaml: { Self.yaml($0, protected: false) }) { h in
            #expect(try await admin(h, "/metrics").status == .ok)
            let port = try #require(h.gateway.adminPort)
            let response = try await h.client.send(.POST, "/cache/purge", port: port, timeout: .seconds(5))
            #expect(response.status == .forbidden)
        }
    }
}
