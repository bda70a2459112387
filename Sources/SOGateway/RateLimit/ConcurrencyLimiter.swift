import NIOConcurrencyHelpers

/// Counts in-flight requests per key, for `max_concurrent`.
public final class ConcurrencyLimiter: Sendable {
    private let inFlight = NIOLockedValueBox([String: Int]())

    public init() {}

    /// Reserves a slot; false when `limit` are already in flight.
    public func acquire(_ key: String, limit: Int) -> Bool {
        inFlight.withLockedValue { table in
            let current = table[key, default: 0]
            guard current < limit else { return false }
            table[key] = current + 1
            return true
        }
    }

    public func release(_ key: String) {
        inFlight.withLockedValue { table in
            let current = table[key, default: 0]
            if current <= 1 { table[key] = nil } else { table[key] = current - 1 }
        }
    }

    public func current(_ key: String) -> Int {
        inFlight.withLockedValue { $0[key, default: 0] }
    }
}
