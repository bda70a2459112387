import NIOCore

/// The tenant-wide budget toward SuperOffice, shared by all clients and replicas, so the gateway never
/// trips the upstream's own throttling.
public struct UpstreamBudgetConfig: Sendable, Equatable {
    /// Sustained upstream requests per second (greater than 0).
    public var requestsPerSecond: Double
    /// Bucket size.
    public var burst: Int
    /// The most upstream requests in flight at once; `nil` for no limit.
    public var maxConcurrent: Int?
    /// How long a request may wait for budget before it is refused; `0s` refuses at once.
    public var maxWait: TimeAmount

    /// Creates an upstream budget; `burst` defaults to `max(1, ceil(requestsPerSecond))`.
    public init(requestsPerSecond: Double, burst: Int? = nil, maxConcurrent: Int? = nil, maxWait: TimeAmount = .zero) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst ?? ClientRateLimitConfig.defaultBurst(requestsPerSecond)
        self.maxConcurrent = maxConcurrent
        self.maxWait = maxWait
    }
}

extension UpstreamBudgetConfig {
    /// Reads `{ requests_per_second, burst, max_concurrent, max_wait }`.
    static func read(from block: MappingReader) -> UpstreamBudgetConfig? {
        let requestsPerSecond = block.requiredNode("requests_per_second") == nil
            ? nil : block.optionalPositiveNumber("requests_per_second")
        let burst = block.optionalInt("burst", in: 1...Int.max)
        let maxConcurrent = block.optionalInt("max_concurrent", in: 1...Int.max)
        let maxWait = block.duration("max_wait", default: .zero)
        block.finish()
        guard let requestsPerSecond else { return nil }
        return UpstreamBudgetConfig(requestsPerSecond: requestsPerSecond, burst: burst, maxConcurrent: maxConcurrent, maxWait: maxWait)
    }
}
