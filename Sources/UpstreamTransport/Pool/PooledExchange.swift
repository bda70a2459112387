/// What `EndpointPoolStateMachine` asks of an exchange: whether it is already complete (a finished waiter never
/// gets a slot). A protocol so the bookkeeping is tested with plain objects instead of promises.
protocol PooledExchange: AnyObject {
    var isFinished: Bool { get }
}
