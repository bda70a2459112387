/// What the rate limiter does when its shared store (Redis) cannot be reached.
public enum StoreFailurePolicy: String, Sendable, Equatable, CaseIterable {
    /// Let requests through unlimited.
    case open
    /// Refuse requests (429) until the store is back.
    case closed
    /// Fall back to per-replica buckets, each with its share of the budget.
    case local
}
