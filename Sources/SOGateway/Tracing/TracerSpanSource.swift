import Instrumentation
import NIOHTTP1
import Tracing

/// A `SpanSource` over any `Tracer` (the OTel tracer in production).
struct TracerSpanSource<T: Tracer>: SpanSource {
    let tracer: T

    func startSpan(_ name: String, context: InstrumentationContext, kind: SpanKind) -> any Span {
        tracer.startSpan(name, context: context, ofKind: kind)
    }

    func extract(_ headers: HTTPHeaders) -> InstrumentationContext {
        var context = InstrumentationContext.topLevel
        tracer.extract(headers, into: &context, using: HTTPHeadersExtractor())
        return context
    }

    func inject(_ context: InstrumentationContext, into headers: inout HTTPHeaders) {
        tracer.inject(context, into: &headers, using: HTTPHeadersInjector())
    }
}
