import Instrumentation
import NIOCore
import NIOHTTP1

/// Facts stages learn about a request that the listener needs when it writes the answer: the client
/// (for logs and metrics), the route class, and the client's rate-limit state (for the RateLimit fields).
///
/// A reference, so stages can record facts without wrapping every answer in another future.
/// `@unchecked Sendable` is safe because of how it is used: the connection handler creates one per
/// request; stages write it only while the chain runs on that connection's event loop; the handler
/// reads it on the same loop after the chain's future completed. No other thread ever touches it.
public final class RequestFacts: @unchecked Sendable {
    public var clientName: String?
    public var routeClass = "none"
    /// The client's bucket decision, turned into `RateLimit-Policy` / `RateLimit` on the answer.
    public var rateLimit: BucketDecision?
    /// What SuperOffice answered to the last upstream call this request made, for the access log; set by the
    /// forward stage, whatever later stages (the cache, problem mapping) make of the answer.
    public var upstreamStatus: UInt?
    /// How long that upstream call took.
    public var upstreamDuration: TimeAmount?
    /// The server span's context when tracing is on: the parent of the upstream call's span.
    public var traceContext: InstrumentationContext?
    /// The trace id for the access log, when the request is being traced (sampled).
    public var traceId: String?

    public init() {}
}
