/// A per-client token bucket, so one noisy client cannot use up the tenant's upstream budget.
public struct ClientRateLimitConfig: Sendable, Equatable {
    /// Sustained requests per second (greater than 0; fractions allowed).
    public var requestsPerSecond: Double
    /// Bucket size: requests allowed at once after an idle period.
    public var burst: Int
    /// The most requests of this client in flight at once; `nil` for no limit.
    public var maxConcurrent: Int?

    /// Creates a client rate limit; `burst` defaults to `max(1, ceil(requestsPerSecond))`.
    public init(requestsPerSecond: Double, burst: Int? = nil, maxConcurrent: Int? = nil) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst ?? Self.defaultBurst(requestsPerSecond)
        self.maxConcurrent = maxConcurrent
    }

    /// One second's worth of requests, at least one.
    static func defaultBurst(_ requestsPerSecond: Double) -> Int {
        let rounded = requestsPerSecond.rounded(.up)
        return rounded >= Double(Int.max) ? Int.max : max(1, Int(rounded))
    }
}

extension ClientRateLimitConfig {
    /// Reads `{ requests_per_second, burst, max_concurrent }`.
    static func read(from block: MappingReader) -> ClientRateLimitConfig? {
        let requestsPerSecond = block.requiredNode("requests_per_second") == nil
            ? nil : block.optionalPositiveNumber("requests_per_second")
        let burst = block.optionalInt("burst", in: 1...Int.max)
        let maxConcurrent = block.optionalInt("max_concurrent", in: 1...Int.max)
        block.finish()
        guard let requestsPerSecond else { return nil }
        return ClientRateLimitConfig(requestsPerSecond: requestsPerSecond, burst: burst, maxConcurrent: maxConcurrent)
    }
}
