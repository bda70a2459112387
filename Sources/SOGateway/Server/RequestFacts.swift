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
@dynamicMemberLookup
public final class RequestFacts: Sendable {
    /// The values, kept together so the box checks the loop once per access; read and written as
    /// `facts.clientName`, `facts.rateLimit`, ... through the loop-bound box.
    public struct Values: Sendable {
        public var clientName: String?
        public var routeClass = "none"
        /// The client's bucket decision, turned into `RateLimit-Policy` / `RateLimit` on the answer.
        public var rateLimit: BucketDecision?
        /// What SuperOffice answered to the last upstream call this request made, for the access log; set by
        /// the forward stage, whatever later stages (the cache, problem mapping) make of the answer.
        public var upstreamStatus: UInt?
        /// How long that upstream call took.
        public var upstreamDuration: TimeAmount?
        /// The server span's context when tracing is on: the parent of the upstream call's span.
        public var traceContext: InstrumentationContext?
        /// The trace id for the access log, when the request is being traced (sampled).
        public var traceId: String?
    }

    @usableFromInline let box: NIOLoopBoundBox<Values>

    /// Facts for a request served on `eventLoop` (may be created off the loop: it starts empty).
    public init(eventLoop: any EventLoop) {
        box = .makeBoxSendingValue(Values(), eventLoop: eventLoop)
    }

    @inlinable
    public subscript<Value>(dynamicMember path: WritableKeyPath<Values, Value>) -> Value {
        get { box.value[keyPath: path] }
        set { box.value[keyPath: path] = newValue }
    }
}
