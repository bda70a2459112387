import GatewayClock
import NIOCore

/// Limits and timeouts of `NIOUpstreamPool`, set once from the gateway's configuration.
public struct UpstreamPoolConfiguration: Sendable {
    /// How long establishing a TCP connection may take.
    public var connectTimeout: TimeAmount = .seconds(5)
    /// Open connections per event loop and endpoint (at least 1); beyond that, requests wait in a FIFO bounded by
    /// their timeout.
    public var maxConnectionsPerEventLoop: Int = 128
    /// Idle keep-alive connections are closed after this long without use.
    public var idleTimeout: TimeAmount = .seconds(60)
    /// Largest response body accepted, in bytes; a larger one fails with `.responseTooLarge`.
    public var maxResponseBody: Int = 64 << 20
    /// Trust and client-certificate settings for https endpoints.
    public var tls: UpstreamTLSOptions = .init()
    /// Where exchange deadlines and idle ages are read from. The timers that act on them run on the event loops,
    /// so a clock given here must keep pace with those loops; the pool's bookkeeping is tested through
    /// `EndpointPoolStateMachine` with explicit times instead.
    public var clock: GatewayClock = .system

    /// Creates a configuration; every parameter has the default shown on its property.
    public init(
        connectTimeout: TimeAmount = .seconds(5),
        maxConnectionsPerEventLoop: Int = 128,
        idleTimeout: TimeAmount = .seconds(60),
        maxResponseBody: Int = 64 << 20,
        tls: UpstreamTLSOptions = .init(),
        clock: GatewayClock = .system
    ) {
        self.connectTimeout = connectTimeout
        self.maxConnectionsPerEventLoop = maxConnectionsPerEventLoop
        self.idleTimeout = idleTimeout
        self.maxResponseBody = maxResponseBody
        self.tls = tls
        self.clock = clock
    }
}
