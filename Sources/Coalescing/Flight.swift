/// One call that many callers share, as a value: the caller that creates it leads (starts the call), later
/// callers join as waiters, and landing hands every waiter back so the owner can complete them with the one
/// result. It holds no lock and does no I/O; owners keep it inside their own state (a lock-protected table, a
/// state machine) so "exactly one call, everyone gets its outcome" is decided in one place.
public struct Flight<Waiter: Sendable>: Sendable {
    public private(set) var waiters: [Waiter]

    /// A flight nobody waits on yet (a background renewal started by a caller that does not wait).
    public init() {
        waiters = []
    }

    /// A flight whose leader waits for its outcome too.
    public init(leader: Waiter) {
        waiters = [leader]
    }

    /// Adds a caller that waits for the call already running.
    public mutating func join(_ waiter: Waiter) {
        waiters.append(waiter)
    }

    /// The call finished: every waiter, in the order they joined, to complete with its outcome.
    public consuming func land() -> [Waiter] {
        waiters
    }
}
