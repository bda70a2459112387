import Instrumentation
import NIOHTTP1
import Tracing

/// The seam between the gateway and a tracer: start spans, read context from partner headers, write it into
/// upstream headers. An existential over `Tracer`'s associated span type, so stages need not be generic.
protocol SpanSource: Sendable {
    func startSpan(_ name: String, context: InstrumentationContext, kind: SpanKind) -> any Span
    func extract(_ headers: HTTPHeaders) -> InstrumentationContext
    func inject(_ context: InstrumentationContext, into headers: inout HTTPHeaders)
}
