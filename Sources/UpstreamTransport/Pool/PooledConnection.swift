/// What `EndpointPoolStateMachine` asks of a connection: whether an idle one may take new work. A protocol so the
/// bookkeeping is tested with plain objects instead of channels.
protocol PooledConnection: AnyObject {
    /// Open, not closing, and between exchanges.
    var isReusable: Bool { get }
}
