import Instrumentation
import Tracing

/// Spans for the gateway's own calls to SuperOffice that no partner request owns: credential sign-ins and
/// refreshes, and tenant discovery. Each starts a trace of its own.
extension SpanSource {
    func startRenewalSpan(_ name: String, attributes: [String: String]) -> any Span {
        let span = startSpan(name, context: .topLevel, kind: .client)
        if span.isRecording {
            for (key, value) in attributes { span.attributes[key] = value }
        }
        return span
    }
}

extension Span {
    /// Ends a renewal or discovery span with its outcome (never the credential or the error's secret detail).
    func finished<Success>(_ result: Result<Success, any Error>) {
        if isRecording {
            switch result {
            case .success:
                attributes["so_gateway.result"] = "ok"
            case .failure:
                attributes["so_gateway.result"] = "failed"
                attributes["error.type"] = "renewal_failed"
                setStatus(SpanStatus(code: .error))
            }
        }
        end()
    }
}
