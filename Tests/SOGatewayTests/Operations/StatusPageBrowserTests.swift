import Foundation
import NIOCore
import SuperOfficeStandIn
import Testing

/// `/status` in a real browser: headless Chromium loads it from a running gateway (the admin key as the Basic
/// password in the URL, as an operator's browser would send it), and every number on the page agrees with
/// `/status.json`. Set `SO_STATUS_SCREENSHOT=<file.png>` to also keep the screenshot (docs/observability/status.png).
@Suite(
    "Status page in a browser",
    .enabled(if: GatewayProcess.isAvailable && HeadlessChromium.isAvailable, "needs the so-gateway executable and chromium")
)
struct StatusPageBrowserTests {
    static let adminKey = AdminEndpointTests.adminKey
    /// Values that move between two reads without traffic.
    static let volatile: [String] = ["gateway.uptime_seconds", "gateway.generated_at", ".rate_per_second"]

    static func statusJSON(port: Int) async throws -> [String: Any] {
        let request = "GET /status.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: \(adminKey)\r\nConnection: close\r\n\r\n"
        let answer = try await RawClient.exchange(port: port, chunks: [request]).received
        let body = try #require(answer.range(of: "\r\n\r\n")).upperBound
        return try #require(try JSONSerialization.jsonObject(with: Data(answer[body...].utf8)) as? [String: Any])
    }

    @Test("Headless Chromium renders /status and every number on it matches /status.json")
    func browserNumbersMatchJSON() async throws {
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown() } }
        let port = try freePort()
        let adminPort = try freePort()
        let yaml = """
            listen: { host: 127.0.0.1, port: \(port) }
            upstream:
              url: \(standIn.baseURL)/Cust12345
              app_token: demo-app-token
              timeout: 10s
              credentials: { ticket: "7T:alice-ticket" }
            clients:
              - name: planner-web
                api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerA))" ]
              - name: billing-sync
                api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerB))" ]
                credentials: { basic: { user: bob, password: bob-password } }
            cache: { ttl: 60s }
            admin: { listen: { host: 127.0.0.1, port: \(adminPort) }, api_keys_sha256: [ "\(TestKeys.hash(Self.adminKey))" ] }
            logging: { level: warning }
            """
        let gateway = try GatewayProcess(yaml: yaml)
        defer { gateway.signal(SIGTERM) }
        let started = ContinuousClock.now + .seconds(20)
        var ready = false
        while !ready, ContinuousClock.now < started {
            ready = (try? await Self.statusJSON(port: adminPort)) != nil
            if !ready { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        try #require(ready, "log: \(gateway.log)")

        let connection = try await KeepAliveConnection.connect(port: port)
        let task = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
        for _ in 0..<4 { _ = try await connection.get("/api/v1/Contact/5", headers: [("X-API-Key", TestKeys.partnerA)]) }
        _ = try await connection.get("/api/v1/Contact/5", headers: [("X-API-Key", "not-a-key-0123456789abcdef")])
        for _ in 0..<2 { _ = try await connection.get("/api/v1/Contact/7", headers: [("X-API-Key", TestKeys.partnerB)]) }
        _ = try await connection.get("/api/v1/NoSuchThing", headers: [("X-API-Key", TestKeys.partnerB)])
        await connection.close()
        for associate in [3, 3, 4] {
            let body = #"{"AssociateIds":[\#(associate)]}"#
            let request = "POST \(task) HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
            _ = try await RawClient.exchange(port: port, chunks: [request])
        }

        let before = try await Self.statusJSON(port: adminPort)
        let url = "http://ops:\(Self.adminKey)@127.0.0.1:\(adminPort)/status"
        let dom = try await HeadlessChromium.run(["--dump-dom", url])
        let after = try await Self.statusJSON(port: adminPort)
        #expect(dom.contains("so-gateway status"), "chromium did not render the page: \(dom.prefix(500))")

        let cells = StatusDOM.cells(in: dom)
        #expect(cells.count > 40, "\(cells.count) values on the page")
        var compared = 0
        for (path, text) in cells where !Self.volatile.contains(where: { path == $0 || path.hasSuffix($0) }) {
            let value = StatusDOM.lookup(path, in: after)
            #expect(value != nil, "\(path) is on the page but not in /status.json")
            guard let value else { continue }
            #expect(StatusDOM.matches(text, value), "\(path): page shows \(text), /status.json says \(value)")
            if let earlier = StatusDOM.lookup(path, in: before) {
                #expect(StatusDOM.matches(text, earlier), "\(path) moved while nothing happened")
            }
            compared += 1
        }
        #expect(compared > 35)
        // The numbers the traffic above must have produced, read from the page itself.
        let page = Dictionary(cells.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        #expect(page["clients.planner-web.requests"] == "7")
        #expect(page["clients.planner-web.2xx"] == "7")
        #expect(page["clients.billing-sync.4xx"] == "1")
        #expect(page["clients.-.4xx"] == "1")
        #expect(page["cache.hits"] == "1")
        #expect(page["cache.misses"] == "2")
        #expect(page["cache.entries"] == "2")
        #expect(page["upstream.circuit"] == "closed")
        for secret in ["alice-ticket", "bob-password", TestKeys.partnerA, TestKeys.partnerB, Self.adminKey] {
            #expect(!dom.contains(secret))
        }

        let shot = ProcessInfo.processInfo.environment["SO_STATUS_SCREENSHOT"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("so-gw-status-\(UUID().uuidString).png").path
        _ = try await HeadlessChromium.run(["--screenshot=\(shot)", "--window-size=1280,1180", url])
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot")
        #expect(png.count > 10_000)
        if ProcessInfo.processInfo.environment["SO_STATUS_SCREENSHOT"] == nil { try? FileManager.default.removeItem(atPath: shot) }
    }
}
