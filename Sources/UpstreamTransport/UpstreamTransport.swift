import NIOCore

/// The seam between the gateway and the network toward SuperOffice, so tests and the stand-in can replace it.
public protocol UpstreamTransport: Sendable {
    /// Sends `request` to `endpoint` and reads the complete response.
    ///
    /// Must be cheap when called on `eventLoop`; the returned future completes on `eventLoop`.
    /// Failures are `UpstreamError`s.
    func execute(
        _ request: UpstreamRequest,
        to endpoint: UpstreamEndpoint,
        on eventLoop: any EventLoop
    ) -> EventLoopFuture<UpstreamResponse>

    /// Closes every connection, fails waiting and running requests with `.shutdown` and rejects new ones.
    func shutdown() async
}
