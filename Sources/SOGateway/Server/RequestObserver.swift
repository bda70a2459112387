import NIOCore
import NIOHTTP1

/// What the listener reports about connections and finished requests: the access log and metrics hang off this.
public protocol RequestObserver: Sendable {
    func connectionOpened()
    func connectionClosed()
    /// A new connection was closed at accept because `limit` was reached.
    func connectionRefused(_ limit: ConnectionLimit)
    /// An open connection was closed because it missed a deadline or broke a protocol limit.
    func connectionCut(_ limit: ConnectionLimit)
    /// One HTTP/2 stream was reset (RST_STREAM) because it missed a deadline; its connection stays.
    func streamReset(_ limit: ConnectionLimit)
    func requestCompleted(_ record: CompletedRequest)
    /// This observer made ready for one snapshot's clients: what it looks up per client (metric series,
    /// status-page tallies) is resolved here, once per snapshot, so recording a request takes no lock.
    func resolved(forClients clients: [String]) -> any RequestObserver
}

extension RequestObserver {
    /// Observers that look nothing up per client serve every snapshot as they are.
    public func resolved(forClients clients: [String]) -> any RequestObserver { self }
}

/// The facts about one finished request that logs and metrics use (no secrets: no headers, no bodies).
public struct CompletedRequest: Sendable {
    public var requestId: String
    public var method: HTTPMethod
    /// The request target as the partner sent it; the access log keeps only its path and query keys.
    public var target: String
    public var clientName: String?
    public var routeClass: String
    public var status: HTTPResponseStatus
    public var bytesSent: Int
    /// Request body bytes read from the partner.
    public var bytesReceived: Int
    /// SuperOffice's status for the last upstream call, when the request made one.
    public var upstreamStatus: UInt?
    /// The trace id, when the request was traced (sampled).
    public var traceId: String?
    public var duration: TimeAmount
    public var annotations: ResponseAnnotations
}

/// An observer that records nothing (tests and tools that do not need logs).
public struct SilentObserver: RequestObserver {
    public init() {}
    public func connectionOpened() {}
    public func connectionClosed() {}
    public func connectionRefused(_ limit: ConnectionLimit) {}
    public func connectionCut(_ limit: ConnectionLimit) {}
    public func streamReset(_ limit: ConnectionLimit) {}
    public func requestCompleted(_ record: CompletedRequest) {}
}
