import NIOConcurrencyHelpers

/// Counts open partner connections across event loops so the listener can refuse beyond `max_connections`.
public final class ConnectionCounter: Sendable {
    private let count = NIOLockedValueBox(0)

    public init() {}

    /// Reserves a slot; false when `limit` connections are already open.
    func tryOpen(limit: Int) -> Bool {
        count.withLockedValue { value in
            guard value < limit else { return false }
            value += 1
            return true
        }
    }

    func close() {
        count.withLockedValue { $0 -= 1 }
    }

    /// Connections open right now (for metrics).
    public var open: Int { count.withLockedValue { $0 } }
}
