/// A snapshot of the store's size and churn, for metrics and the admin endpoint.
public struct TaskCacheCounters: Sendable, Equatable {
    /// Entries held.
    public var entries: Int
    /// Sum of the entries' `cost`.
    public var storedBytes: Int
    /// Entries dropped to stay within `maxBytes` since start (monotonic; purges and replacements do not count).
    public var evictions: Int

    /// Creates a snapshot.
    public init(entries: Int, storedBytes: Int, evictions: Int) {
        self.entries = entries
        self.storedBytes = storedBytes
        self.evictions = evictions
    }
}
