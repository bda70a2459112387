import Instrumentation
import NIOHTTP1

/// Writes the upstream call's trace context into the headers sent to SuperOffice, replacing any the partner sent.
struct HTTPHeadersInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout HTTPHeaders) {
        carrier.replaceOrAdd(name: key, value: value)
    }
}
