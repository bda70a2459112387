import Instrumentation
import NIOHTTP1
import Tracing
import UpstreamTransport

/// The upstream call's client span (HTTP semantic conventions), and `traceparent` on the call itself.
extension ForwardStage {
    static func startClientSpan(
        _ spans: any SpanSource, parent: InstrumentationContext, request: inout UpstreamRequest, base: UpstreamBase
    ) -> any Span {
        let method = request.method.rawValue
        let span = spans.startSpan(method, context: parent, kind: .client)
        if span.isRecording {
            span.attributes["http.request.method"] = method
            span.attributes["server.address"] = base.endpoint.host
            span.attributes["server.port"] = base.endpoint.port
            span.attributes["url.full"] = "\(base.endpoint.scheme == .https ? "https" : "http")://\(base.endpoint.host):\(base.endpoint.port)"
                + String(request.target.split(separator: "?", maxSplits: 1).first ?? "")
        }
        spans.inject(span.context, into: &request.headers)
        return span
    }
}

extension Span {
    /// Ends an upstream call's span with SuperOffice's status, or the transport error that stood for one.
    func ended(status: UInt?, error: (any Error)?) {
        if isRecording {
            if let status {
                attributes["http.response.status_code"] = Int(status)
                if status >= 500 {
                    attributes["error.type"] = String(status)
                    setStatus(SpanStatus(code: .error))
                }
            } else if let error {
                // The case name only (`timeout`, `connectFailed`): low cardinality, no addresses.
                attributes["error.type"] = (error as? UpstreamError).map { String("\($0)".prefix { $0 != "(" }) } ?? "transport"
                setStatus(SpanStatus(code: .error))
            }
        }
        end()
    }
}
