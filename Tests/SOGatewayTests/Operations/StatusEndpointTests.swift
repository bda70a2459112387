import Foundation
import NIOCore
import NIOHTTP1
import Testing
import UpstreamTransport
@testable import SOGateway

/// `/status` and `/status.json` on the admin listener: the admin key (also as a browser's Basic password),
/// the numbers after real traffic, and nothing secret.
@Suite("Status page")
struct StatusEndpointTests {
    static let adminKey = AdminEndpointTests.adminKey

    func admin(_ h: TestHarness, _ target: String, headers: [(String, String)] = []) async throws -> GatewayAnswer {
        let port = try #require(h.gateway.adminPort)
        return try await h.client.send(.GET, target, port: port, headers: HTTPHeaders(headers), timeout: .seconds(5))
    }

    @Test("/status needs the admin key: X-API-Key, Bearer or a Basic password; without it 401 with a Basic challenge")
    func needsAdminKey() async throws {
        try await withHarness(yaml: { AdminEndpointTests.yaml($0, protected: true) }) { h in
            let refused = try await admin(h, "/status")
            #expect(refused.status == .unauthorized)
            #expect(refused.header("WWW-Authenticate")?.hasPrefix("Basic ") == true)
            #expect(try await admin(h, "/status.json", headers: [("X-API-Key", TestKeys.partnerA)]).status == .unauthorized)
            let wrongBasic = "Basic " + Data("ops:\(TestKeys.partnerA)".utf8).base64EncodedString()
            #expect(try await admin(h, "/status", headers: [("Authorization", wrongBasic)]).status == .unauthorized)
            let basic = "Basic " + Data("ops:\(Self.adminKey)".utf8).base64EncodedString()
            let page = try await admin(h, "/status", headers: [("Authorization", basic)])
            #expect(page.status == .ok)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.text.contains(#"<meta http-equiv="refresh""#))
            #expect(!page.text.contains("<script"))
            #expect(!page.text.contains("http://") && !page.text.contains("https://"), "no external assets")
            #expect(try await admin(h, "/status.json", headers: [("Authorization", "Bearer \(Self.adminKey)")]).status == .ok)
        }
    }

    @Test("/status.json counts each client's answers by class, the cache's hits and the credential state, without secrets")
    func numbersAfterTraffic() async throws {
        try await withHarness(yaml: { AdminEndpointTests.yaml($0, protected: true) + "\ncache: { ttl: 60s }" }) { h in
            let task = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
            for _ in 0..<3 { _ = try await h.send(.GET, "/api/v1/Contact/5") }
            _ = try await h.send(.GET, "/api/v1/NoSuchThing/5")
            _ = try await h.send(.POST, task, headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[1]}"#)
            _ = try await h.send(.POST, task, headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[1]}"#)
            _ = try await h.send(.GET, "/api/v1/Contact/5", key: TestKeys.partnerB)
            let response = try await admin(h, "/status.json", headers: [("X-API-Key", Self.adminKey)])
            #expect(response.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            let clients = try #require(json["clients"] as? [String: [String: Any]])
            let a = try #require(clients["partner-a"])
            #expect(a["requests"] as? Int == 6)
            #expect(a["2xx"] as? Int == 5)
            #expect(a["4xx"] as? Int == 1)
            #expect(a["5xx"] as? Int == 0)
            #expect((a["rate_per_second"] as? Double ?? 0) > 0)
            #expect(clients["partner-b"]?["requests"] as? Int == 1)
            let cache = try #require(json["cache"] as? [String: Any])
            #expect(cache["hits"] as? Int == 1)
            #expect(cache["misses"] as? Int == 1)
            #expect(cache["avoided_calls"] as? Int == 1)
            #expect(cache["hit_ratio"] as? Double == 0.5)
            #expect(cache["entries"] as? Int == 1)
            let upstream = try #require(json["upstream"] as? [String: Any])
            #expect(upstream["circuit"] as? String == "closed")
            #expect((upstream["samples"] as? Int ?? 0) >= 4)
            #expect(upstream["latency_p50_ms"] is Double)
            let credentials = try #require(json["credentials"] as? [String: [String: Any]])
            #expect(Set(credentials.values.compactMap { $0["kind"] as? String }) == ["ticket", "basic"])
            #expect(credentials.values.allSatisfy { $0["expiry"] as? String == "configured" })
            let redis = try #require(json["redis"] as? [String: Any])
            #expect(redis["store"] as? String == "not_configured")
            #expect(redis["bus"] as? String == "not_configured")
            #expect(redis["shared_store"] as? String == "not_configured")
            let gateway = try #require(json["gateway"] as? [String: Any])
            #expect(gateway["version"] as? String == GatewayVersion.current)
            for secret in ["alice-ticket", "bob-password", TestKeys.partnerA, TestKeys.partnerB, Self.adminKey] {
                #expect(!response.text.contains(secret))
            }
        }
    }

    @Test("Every value on the page carries its /status.json path, and the page escapes what it shows")
    func pageMirrorsJSON() async throws {
        try await withHarness(yaml: { AdminEndpointTests.yaml($0, protected: false) }) { h in
            _ = try await h.send(.GET, "/api/v1/Contact/5")
            let page = try await admin(h, "/status").text
            let json = try #require(try JSONSerialization.jsonObject(with: Data(try await admin(h, "/status.json").text.utf8)) as? [String: Any])
            let cells = StatusDOM.cells(in: page)
            #expect(cells.count > 30)
            for (path, _) in cells {
                #expect(StatusDOM.lookup(path, in: json) != nil, "\(path) is not in /status.json")
            }
            #expect(StatusPage.escape(#"<a href="x">&'"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        }
    }
}
