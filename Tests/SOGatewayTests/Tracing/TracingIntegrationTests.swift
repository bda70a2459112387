import Foundation
import NIOCore
import SuperOfficeStandIn
import Testing

/// `tracing` end to end: the real executable exporting over OTLP/HTTP to a recording receiver on loopback.
@Suite("Tracing", .enabled(if: GatewayProcess.isAvailable, "needs the so-gateway executable next to the test bundle"))
struct TracingIntegrationTests {
    /// The receiver decodes OTLP/JSON; production exports protobuf (the default).
    static let jsonExport = ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/json"]

    static func yaml(standIn: String, port: Int, adminPort: Int, collector: Int, tracing: Bool = true) -> String {
        """
        listen: { host: 127.0.0.1, port: \(port) }
        upstream:
          url: \(standIn)/Cust12345
          app_token: demo-app-token
          timeout: 10s
          credentials:
            oauth: { client_id: demo-client, client_secret: demo-app-token, refresh_token: demo-refresh-token, token_url: \(standIn)/login/common/oauth/tokens }
        clients:
          - name: partner-a
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerA))" ]
        cache: { ttl: 60s }
        admin: { listen: { host: 127.0.0.1, port: \(adminPort) } }
        logging: { level: info }
        \(tracing ? "tracing: { otlp_endpoint: \"http://127.0.0.1:\(collector)\", sample_ratio: 1.0, service_name: so-gateway-test }" : "")
        """
    }

    static func get(port: Int, _ path: String) async throws -> String {
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        return try await RawClient.exchange(port: port, chunks: [request]).received
    }

    @Test("A partner's traceparent is continued: server span, upstream call as its child span, traceparent sent upstream, trace_id in the access log")
    func partnerTraceCrossesTheGateway() async throws {
        let receiver = try await OTLPReceiver()
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown(); await receiver.stop() } }
        let port = try freePort()
        let yaml = Self.yaml(standIn: standIn.baseURL, port: port, adminPort: try freePort(), collector: receiver.port)
        let gateway = try GatewayProcess(yaml: yaml, environment: Self.jsonExport)
        #expect(await gateway.waitForLog("listening"))

        let traceId = "4bf92f3577b34da6a3ce929d0e0e4736"
        let parentId = "00f067aa0ba902b7"
        let connection = try await KeepAliveConnection.connect(port: port)
        let (status, _) = try await connection.get("/api/v1/Contact/5", headers: [
            ("X-API-Key", TestKeys.partnerA), ("traceparent", "00-\(traceId)-\(parentId)-01"), ("tracestate", "partner=abc"),
            ("X-Request-Id", "traced-1"),
        ])
        #expect(status == .ok)
        // A request without a traceparent starts a trace of its own (sample_ratio 1.0).
        let (second, _) = try await connection.get("/api/v1/Contact/6", headers: [("X-API-Key", TestKeys.partnerA), ("X-Request-Id", "traced-2")])
        #expect(second == .ok)
        await connection.close()

        let upstream = try #require(standIn.received.first { $0.path.hasSuffix("/api/v1/Contact/5") })
        let sentUpstream = try #require(upstream.header("traceparent"), "no traceparent upstream")
        let parts = sentUpstream.split(separator: "-").map(String.init)
        #expect(parts.count == 4)
        #expect(parts[1] == traceId, "the partner's trace continues upstream")
        #expect(parts[2] != parentId, "upstream's parent is the gateway's client span")
        #expect(parts[3] == "01")
        #expect(upstream.header("tracestate") == "partner=abc")

        let spans = try await receiver.waitForSpans { spans in
            spans.contains { $0.traceId == traceId && $0.kind == 2 } && spans.contains { $0.traceId == traceId && $0.kind == 3 }
                && spans.contains { $0.name == "credential refresh" }
                && spans.contains { $0.attributes["so_gateway.request_id"] == "traced-2" }
        }
        let server = try #require(spans.first { $0.traceId == traceId && $0.kind == 2 }, "spans: \(spans.map(\.name))")
        #expect(server.parentSpanId == parentId)
        #expect(server.traceState == "partner=abc")
        #expect(server.name == "GET /Cust12345/api/v1/Contact/{id}" || server.name == "GET /api/v1/Contact/{id}")
        #expect(server.attributes["http.request.method"] == "GET")
        #expect(server.attributes["http.route"]?.hasSuffix("/api/v1/Contact/{id}") == true)
        #expect(server.attributes["http.response.status_code"] == "200")
        #expect(server.attributes["so_gateway.client"] == "partner-a")
        #expect(server.attributes["so_gateway.request_id"] == "traced-1")
        #expect(server.serviceName == "so-gateway-test")
        let client = try #require(spans.first { $0.traceId == traceId && $0.kind == 3 })
        #expect(client.parentSpanId == server.spanId, "the upstream call is a child of the server span")
        #expect(client.spanId == parts[2], "the traceparent sent upstream names the client span")
        #expect(client.attributes["http.response.status_code"] == "200")
        #expect(client.attributes["server.address"] == "127.0.0.1")

        let renewal = try #require(spans.first { $0.name == "credential refresh" })
        #expect(renewal.attributes["so_gateway.credential.kind"] == "oauth")
        #expect(renewal.attributes["so_gateway.result"] == "ok")
        let own = try #require(spans.first { $0.attributes["so_gateway.request_id"] == "traced-2" })
        #expect(own.traceId != traceId && own.parentSpanId.isEmpty, "a root span for the request without traceparent")

        #expect(await gateway.waitForLog(#""trace_id":"\#(traceId)""#, timeout: .seconds(5)), "the access line names the trace")
        for post in receiver.posts {
            #expect(post.path == "/v1/traces")
            let text = String(decoding: post.body, as: UTF8.self)
            for secret in [TestKeys.partnerA, "demo-refresh-token", "demo-app-token", "8A:Cust12345"] {
                #expect(!text.contains(secret), "a span carries \(secret)")
            }
        }
        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit(timeout: .seconds(20)) == 0)
    }

    @Test("With the collector down, requests are answered as fast as without tracing, readiness holds, and the drops are counted")
    func collectorDownDropsAndCounts() async throws {
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown() } }
        let port = try freePort()
        let adminPort = try freePort()
        let nobody = try freePort()
        let gateway = try GatewayProcess(
            yaml: Self.yaml(standIn: standIn.baseURL, port: port, adminPort: adminPort, collector: nobody), environment: Self.jsonExport
        )
        #expect(await gateway.waitForLog("admin listening"))
        let connection = try await KeepAliveConnection.connect(port: port)
        var slowest = Duration.zero
        for index in 0..<1500 {
            let started = ContinuousClock.now
            let (status, _) = try await connection.get("/api/v1/Contact/\(5 + index % 2)", headers: [("X-API-Key", TestKeys.partnerA)])
            slowest = max(slowest, ContinuousClock.now - started)
            #expect(status == .ok)
        }
        await connection.close()
        #expect(slowest < .seconds(2), "a request waited on the collector: \(slowest)")
        #expect(try await Self.get(port: adminPort, "/readyz").hasPrefix("HTTP/1.1 200"))

        // Exports fail after their retries (bounded by the export timeout); the drops show on /metrics.
        let deadline = ContinuousClock.now + .seconds(30)
        var dropped = 0
        while dropped == 0, ContinuousClock.now < deadline {
            let metrics = try await Self.get(port: adminPort, "/metrics")
            dropped = metrics.split(separator: "\n")
                .filter { $0.hasPrefix("so_gateway_trace_spans_dropped_total{") }
                .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
                .reduce(0, +)
            if dropped == 0 { try await Task.sleep(nanoseconds: 200_000_000) }
        }
        #expect(dropped > 0, "no dropped spans counted")
        let (after, _) = try await KeepAliveConnection.connect(port: port).get("/api/v1/Contact/5", headers: [("X-API-Key", TestKeys.partnerA)])
        #expect(after == .ok)
        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit(timeout: .seconds(30)) == 0, "shutdown waits at most the export timeout")
    }

    @Test("Without a tracing block nothing is traced: no traceparent is added upstream and no trace_id is logged")
    func noTracingBlock() async throws {
        let receiver = try await OTLPReceiver()
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown(); await receiver.stop() } }
        let port = try freePort()
        let gateway = try GatewayProcess(
            yaml: Self.yaml(standIn: standIn.baseURL, port: port, adminPort: try freePort(), collector: receiver.port, tracing: false)
        )
        #expect(await gateway.waitForLog("listening"))
        let (status, _) = try await KeepAliveConnection.connect(port: port).get(
            "/api/v1/Contact/5", headers: [("X-API-Key", TestKeys.partnerA), ("X-Request-Id", "untraced")]
        )
        #expect(status == .ok)
        let upstream = try #require(standIn.received.first { $0.path.hasSuffix("/api/v1/Contact/5") })
        #expect(upstream.header("traceparent") == nil)
        #expect(await gateway.waitForLog(#""request_id":"untraced""#, timeout: .seconds(5)))
        #expect(!gateway.log.contains("trace_id"))
        #expect(receiver.posts.isEmpty)
        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit(timeout: .seconds(15)) == 0)
    }
}
