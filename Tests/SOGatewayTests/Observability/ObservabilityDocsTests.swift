import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
import UpstreamTransport

/// docs/observability cannot drift from the code: the alert rules pass `promtool check rules`, and every
/// `so_gateway_*` name the dashboard and the rules use is on a running gateway's `/metrics`.
@Suite("Dashboard and alert rules")
struct ObservabilityDocsTests {
    static let docs = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/observability")
    static let rules = docs.appendingPathComponent("alerts.yml")
    static let dashboard = docs.appendingPathComponent("grafana-dashboard.json")
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Every `so_gateway_*` name in a file.
    static func metricNames(in url: URL) throws -> Set<String> {
        let text = try String(contentsOf: url, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: "so_gateway_[a-z0-9_]+")
        let range = NSRange(text.startIndex..., in: text)
        return Set(pattern.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } })
    }

    @Test("The alert rules pass promtool check rules", .enabled(if: promtool != nil, "needs promtool (Debian package prometheus)"))
    func promtoolAcceptsRules() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.promtool))
        process.arguments = ["check", "rules", Self.rules.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("SUCCESS"))
    }

    @Test("The dashboard is valid JSON and covers the panels operators need")
    func dashboardShape() throws {
        let data = try Data(contentsOf: Self.dashboard)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let panels = try #require(object["panels"] as? [[String: Any]])
        let titles = panels.compactMap { $0["title"] as? String }.joined(separator: "\n").lowercased()
        for needed in ["by client", "errors", "p50 / p99", "hit ratio", "cache memory", "avoided", "rate-limit refusals",
                       "budget", "circuit", "credential renewals", "rate-limit store", "cache bus", "shared cache tier", "spans dropped"] {
            #expect(titles.contains(needed), "no panel for \(needed)")
        }
    }

    @Test(
        "Every metric the dashboard and the alert rules use is on a running gateway's /metrics",
        .enabled(if: RedisServer.isAvailable, "needs redis-server")
    )
    func everyNameIsExported() async throws {
        let used = try Self.metricNames(in: Self.dashboard).union(Self.metricNames(in: Self.rules))
        #expect(used.count > 15)
        let redis = try await RedisServer()
        defer { redis.kill() }
        // CredentialsYAML turns the admin listener on (open metrics): an OAuth identity, so renewals are counted;
        // tracing toward a port nobody listens on, so its drop counter is exported.
        let nobody = try freePort()
        let yaml = { (standIn: String) in
            CredentialsOAuthIntegrationTests.yaml(standIn) + """

                cache: { ttl: 60s, bus: "\(redis.url)", shared_store: "\(redis.url)" }
                rate_limit: { store: "\(redis.url)", upstream: { requests_per_second: 100 } }
                tracing: { otlp_endpoint: "http://127.0.0.1:\(nobody)", sample_ratio: 1.0 }
                """
        }
        try await withHarness(yaml: yaml) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            _ = try await h.send(.POST, "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates", headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[1]}"#)
            let subscribed = ContinuousClock.now + .seconds(10)
            while h.gateway.isCacheBusSubscribed != true, ContinuousClock.now < subscribed {
                try await Task.sleep(nanoseconds: 20_000_000)
            }
            let port = try #require(h.gateway.adminPort)
            let scrape = try await h.client.send(.GET, "/metrics", port: port, timeout: .seconds(5))
            #expect(scrape.status == .ok)
            var exported = Set<String>()
            for line in scrape.text.split(separator: "\n") where !line.hasPrefix("#") {
                if let end = line.firstIndex(where: { $0 == "{" || $0 == " " }) { exported.insert(String(line[..<end])) }
            }
            for name in used.sorted() {
                #expect(exported.contains(name), "\(name) is used by docs/observability but not on /metrics")
            }
        }
    }
}
