import NIOCore
import NIOHTTP1
import Testing
@testable import SOGateway

/// The request series: one snapshot's table finds counters without a lock, and /metrics shows the same
/// series and numbers whichever way a request was counted.
@Suite("Gateway metrics")
struct GatewayMetricsTests {
    static func completed(client: String?, route: String, status: HTTPResponseStatus, upstream: TimeAmount? = nil) -> CompletedRequest {
        var annotations = ResponseAnnotations()
        annotations.upstreamDuration = upstream
        return CompletedRequest(
            requestId: "r", method: .GET, target: "/api/v1/Contact/5", clientName: client, routeClass: route, status: status,
            bytesSent: 0, bytesReceived: 0, upstreamStatus: nil, traceId: nil, duration: .milliseconds(3), annotations: annotations
        )
    }

    static func value(_ metrics: GatewayMetrics, _ series: String) -> Int? {
        String(decoding: metrics.render(), as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix(series + " ") }
            .flatMap { Int($0.split(separator: " ").last ?? "") }
    }

    @Test("Series appear on first use; table, fallback (unlisted client, unknown status class) and no table count alike")
    func seriesAppearOnUse() {
        let metrics = GatewayMetrics()
        let observer = MetricsObserver(metrics: metrics).resolved(forClients: ["partner-a"])
        let a2xx = #"so_gateway_requests_total{route="rest",status_class="2xx",client="partner-a"}"#
        #expect(Self.value(metrics, a2xx) == nil, "nothing is exported before a request")
        observer.requestCompleted(Self.completed(client: "partner-a", route: "rest", status: .ok, upstream: .milliseconds(2)))
        observer.requestCompleted(Self.completed(client: "partner-a", route: "rest", status: .noContent))
        MetricsObserver(metrics: metrics).requestCompleted(Self.completed(client: "partner-a", route: "rest", status: .ok))
        observer.requestCompleted(Self.completed(client: "not-listed", route: "task", status: .notFound))
        observer.requestCompleted(Self.completed(client: nil, route: "none", status: .unauthorized))
        observer.requestCompleted(Self.completed(client: "partner-a", route: "rest", status: HTTPResponseStatus(statusCode: 600)))
        #expect(Self.value(metrics, a2xx) == 3)
        #expect(Self.value(metrics, #"so_gateway_requests_total{route="task",status_class="4xx",client="not-listed"}"#) == 1)
        #expect(Self.value(metrics, #"so_gateway_requests_total{route="none",status_class="4xx",client="-"}"#) == 1)
        #expect(Self.value(metrics, #"so_gateway_requests_total{route="rest",status_class="6xx",client="partner-a"}"#) == 1)
        #expect(Self.value(metrics, #"so_gateway_request_duration_seconds_count{route="rest"}"#) == 4)
        #expect(Self.value(metrics, #"so_gateway_upstream_duration_seconds_count{route="rest"}"#) == 1)
        #expect(Self.value(metrics, #"so_gateway_upstream_duration_seconds_count{route="task"}"#) == nil)
    }

    @Test("Counts from many threads through one snapshot's table all land")
    func concurrentRecording() async {
        let metrics = GatewayMetrics()
        let observer = MetricsObserver(metrics: metrics).resolved(forClients: ["partner-a", "partner-b"])
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for _ in 0..<500 {
                        observer.requestCompleted(Self.completed(client: worker % 2 == 0 ? "partner-a" : "partner-b", route: "rest", status: .ok))
                    }
                }
            }
        }
        #expect(Self.value(metrics, #"so_gateway_requests_total{route="rest",status_class="2xx",client="partner-a"}"#) == 2_000)
        #expect(Self.value(metrics, #"so_gateway_requests_total{route="rest",status_class="2xx",client="partner-b"}"#) == 2_000)
        #expect(Self.value(metrics, #"so_gateway_request_duration_seconds_count{route="rest"}"#) == 4_000)
    }
}
