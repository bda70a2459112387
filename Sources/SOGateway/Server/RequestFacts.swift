import Instrumentation
import NIOCore
import NIOHTTP1

/// Facts stages learn about a request that the listener needs when it writes the answer: the client
/// (for logs and metrics), the route class, and the client's rate-limit state (for the RateLimit fields).
///
/// A reference, so stages can record facts without wrapping every answer in another future. Bound to the
/// request's event loop (`NIOLoopBoundBox`): stages write it while the chain runs on that loop and the listener
/// reads it there after the chain's future completed; touching it from any other thread is a precondition
/// failure instead of a silent race.
public final class RequestFacts: Sendable {
    /// The values, kept together so the box checks the loop once per access.
    struct Values: Sendable {
        var clientName: String?
        var routeClass = "none"
        var rateLimit: BucketDecision?
        var upstreamStatus: UInt?
        var upstreamDuration: TimeAmount?
        var traceContext: InstrumentationContext?
        var traceId: String?
    }

    private let box: NIOLoopBoundBox<Values>

    /// Facts for a request served on `eventLoop` (may be created off the loop: it starts empty).
    public init(eventLoop: any EventLoop) {
        box = .makeBoxSendingValue(Values(), eventLoop: eventLoop)
    }

    public var clientName: String? {
        get { box.value.clientName }
        set { box.value.clientName = newValue }
    }

    public var routeClass: String {
        get { box.value.routeClass }
        set { box.value.routeClass = newValue }
    }

    /// The client's bucket decision, turned into `RateLimit-Policy` / `RateLimit` on the answer.
    public var rateLimit: BucketDecision? {
        get { box.value.rateLimit }
        set { box.value.rateLimit = newValue }
    }

    /// What SuperOffice answered to the last upstream call this request made, for the access log; set by the
    /// forward stage, whatever later stages (the cache, problem mapping) make of the answer.
    public var upstreamStatus: UInt? {
        get { box.value.upstreamStatus }
        set { box.value.upstreamStatus = newValue }
    }

    /// How long that upstream call took.
    public var upstreamDuration: TimeAmount? {
        get { box.value.upstreamDuration }
        set { box.value.upstreamDuration = newValue }
    }

    /// The server span's context when tracing is on: the parent of the upstream call's span.
    public var traceContext: InstrumentationContext? {
        get { box.value.traceContext }
        set { box.value.traceContext = newValue }
    }

    /// The trace id for the access log, when the request is being traced (sampled).
    public var traceId: String? {
        get { box.value.traceId }
        set { box.value.traceId = newValue }
    }
}
