import NIOCore
import NIOHTTP1
import OTel
import Tracing

/// First in the chain when `tracing` is configured: one server span per partner request, continuing the
/// partner's W3C `traceparent`/`tracestate`, with the HTTP semantic-convention attributes plus the client, cache
/// status and request id. Later stages find the span's context in `RequestFacts` (the forward stage's client span
/// is its child), and the access log the trace id.
struct TracingStage: GatewayStage {
    let spans: any SpanSource

    func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        let head = request.head
        let span = spans.startSpan(head.method.rawValue, context: spans.extract(head.headers), kind: .server)
        let facts = request.facts
        facts.traceContext = span.context
        if span.isRecording {
            facts.traceId = span.context.otelTraceID
            span.attributes["http.request.method"] = head.method.rawValue
            span.attributes["url.path"] = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
            span.attributes["url.scheme"] = request.isTLS ? "https" : "http"
            span.attributes["network.protocol.version"] = "\(head.version.major).\(head.version.minor)"
            if let peer = request.remoteAddress { span.attributes["client.address"] = peer }
            span.attributes["so_gateway.request_id"] = request.requestId
        }
        return next(request).always { result in
            guard span.isRecording else {
                span.end()
                return
            }
            if facts.routeClass != "none" {
                let route = RouteTemplate.of(head.uri)
                span.attributes["http.route"] = route
                span.operationName = "\(head.method.rawValue) \(route)"
            }
            if let client = facts.clientName { span.attributes["so_gateway.client"] = client }
            switch result {
            case .success(let response):
                span.attributes["http.response.status_code"] = Int(response.status.code)
                if let cache = response.annotations.cacheStatus { span.attributes["so_gateway.cache_status"] = cache }
                if let problem = response.annotations.problemType { span.attributes["so_gateway.problem"] = problem }
                if response.status.code >= 500 {
                    span.attributes["error.type"] = String(response.status.code)
                    span.setStatus(SpanStatus(code: .error))
                }
            case .failure:
                span.attributes["http.response.status_code"] = 500
                span.attributes["error.type"] = "500"
                span.setStatus(SpanStatus(code: .error))
            }
            span.end()
        }
    }
}
