import NIOCore

/// A token bucket as a value: `burst` tokens at most, refilled at `rate` per second.
///
/// The same arithmetic runs in Redis (see `TokenBucketScript`) when limits are shared across replicas.
public struct TokenBucket: Sendable, Equatable {
    public let rate: Double
    public let burst: Double
    public private(set) var tokens: Double
    public private(set) var updated: NIODeadline

    public init(rate: Double, burst: Int, now: NIODeadline) {
        self.rate = rate
        self.burst = Double(burst)
        self.tokens = Double(burst)
        self.updated = now
    }

    /// Takes `cost` tokens if available.
    public mutating func take(cost: Double = 1, now: NIODeadline) -> BucketDecision {
        refill(now: now)
        if tokens >= cost {
            tokens -= cost
            return BucketDecision(allowed: true, remaining: tokens, retryAfter: .zero, limit: burst, window: window)
        }
        let missing = cost - tokens
        let wait = TimeAmount.nanoseconds(Int64((missing / rate * 1e9).rounded(.up)))
        return BucketDecision(allowed: false, remaining: tokens, retryAfter: wait, limit: burst, window: window)
    }

    /// Time for an empty bucket to fill completely: the policy window advertised in headers.
    public var window: TimeAmount {
        .nanoseconds(Int64((burst / rate * 1e9).rounded(.up)))
    }

    private mutating func refill(now: NIODeadline) {
        let elapsed = now - updated
        if elapsed > .zero {
            tokens = min(burst, tokens + Double(elapsed.nanoseconds) / 1e9 * rate)
            updated = now
        }
    }
}

/// The outcome of taking from a bucket, wherever the bucket lives.
public struct BucketDecision: Sendable, Equatable {
    public var allowed: Bool
    /// Tokens left after this decision (fractional).
    public var remaining: Double
    /// When denied: how long until enough tokens are available.
    public var retryAfter: TimeAmount
    /// The bucket's capacity, for the `RateLimit-Policy` header.
    public var limit: Double
    /// The time to refill fully, for the `RateLimit-Policy` header.
    public var window: TimeAmount

    public init(allowed: Bool, remaining: Double, retryAfter: TimeAmount, limit: Double, window: TimeAmount) {
        self.allowed = allowed
        self.remaining = remaining
        self.retryAfter = retryAfter
        self.limit = limit
        self.window = window
    }

    /// Whole seconds for `Retry-After` (rounded up, at least 1 when denied).
    public var retryAfterSeconds: Int {
        guard !allowed else { return 0 }
        return max(1, Int((Double(retryAfter.nanoseconds) / 1e9).rounded(.up)))
    }
}
