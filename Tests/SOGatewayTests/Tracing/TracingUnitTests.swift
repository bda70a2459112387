import Logging
import Testing
import TestSupport
@testable import SOGateway

/// The small pieces of tracing that need no collector: route templates and the dropped-span count.
@Suite("Tracing parts")
struct TracingUnitTests {
    @Test("http.route replaces record ids with {id} and drops the query", arguments: [
        ("/api/v1/Contact/5", "/api/v1/Contact/{id}"),
        ("/Cust12345/api/v1/Contact/5?$select=name", "/Cust12345/api/v1/Contact/{id}"),
        ("/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates", "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"),
        ("/api/v1/Sale/12/Activities/7", "/api/v1/Sale/{id}/Activities/{id}"),
        ("/api/v1/v2x/0x12", "/api/v1/v2x/0x12"),
    ])
    func routeTemplate(target: String, route: String) {
        #expect(RouteTemplate.of(target) == route)
    }

    @Test("swift-otel's drop and export-failure lines are counted, and forwarded to the log at most once a minute")
    func dropsCounted() {
        let metrics = GatewayMetrics()
        let capture = LogCapture()
        let clock = ManualClock()
        let sink = TraceDropCounter.Sink(metrics: metrics, logger: Logger(label: "test") { capture.handler(label: $0) }, clock: clock.clock)
        var otel = Logger(label: "swift-otel") { _ in TraceDropCounter(sink: sink) }
        otel.logLevel = .trace
        let exported = { String(decoding: metrics.render(), as: UTF8.self) }
        #expect(exported().contains(#"so_gateway_trace_spans_dropped_total{reason="queue_full"} 0"#))
        otel.warning("Spans were dropped this iteration because queue was full", metadata: ["queue_size": "2048", "dropped_count": "37"])
        var batch = otel
        batch[metadataKey: "batch_size"] = "512"
        batch.warning("Failed to export batch.")
        batch.warning("Failed to export batch.")
        otel.debug("Exported batch.")
        #expect(exported().contains(#"so_gateway_trace_spans_dropped_total{reason="queue_full"} 37"#))
        #expect(exported().contains(#"so_gateway_trace_spans_dropped_total{reason="export_failed"} 1024"#))
        #expect(capture.all.filter { $0.contains("Failed to export batch") }.count == 1)
        clock.advance(by: .seconds(61))
        batch.warning("Failed to export batch.")
        #expect(capture.all.filter { $0.contains("Failed to export batch") }.count == 2)
        #expect(!capture.all.contains { $0.contains("Exported batch") })
    }
}
