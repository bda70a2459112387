import Instrumentation
import NIOHTTP1

/// Reads W3C trace context (`traceparent`, `tracestate`) from a partner's request headers.
struct HTTPHeadersExtractor: Extractor {
    func extract(key: String, from carrier: HTTPHeaders) -> String? {
        let values = carrier[key]
        // Two `traceparent` headers are ambiguous; the spec says to treat the context as absent.
        return values.count == 1 ? values.first : nil
    }
}
