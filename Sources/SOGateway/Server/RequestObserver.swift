import NIOCore
import NIOHTTP1

/// What the listener reports when an answer has been written: the access log and metrics hang off this.
public protocol RequestObserver: Sendable {
    func connectionOpened()
    func connectionClosed()
    func requestCompleted(_ record: CompletedRequest)
}

/// The facts about one finished request that logs and metrics use (no secrets: no headers, no bodies).
public struct CompletedRequest: Sendable {
    public var requestId: String
    public var method: HTTPMethod
    public var clientName: String?
    public var routeClass: String
    public var status: HTTPResponseStatus
    public var bytesSent: Int
    public var duration: TimeAmount
    public var annotations: ResponseAnnotations
}

/// An observer that records nothing (tests and tools that do not need logs).
public struct SilentObserver: RequestObserver {
    public init() {}
    public func connectionOpened() {}
    public func connectionClosed() {}
    public func requestCompleted(_ record: CompletedRequest) {}
}
