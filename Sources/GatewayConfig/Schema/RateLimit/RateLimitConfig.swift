import NIOCore

/// Where rate-limit state lives and what happens when that store fails.
public struct RateLimitConfig: Sendable, Equatable {
    /// The shared Redis store; `nil` keeps buckets in this process only.
    public var store: RedisURL?
    /// What to do when the store is unreachable.
    public var onStoreFailure: StoreFailurePolicy
    /// How many gateway replicas share the budget (for the `local` fallback's share).
    public var replicas: Int
    /// How long one store round trip may take before it counts as a failure.
    public var storeTimeout: TimeAmount
    /// The tenant-wide upstream budget; `nil` for none.
    public var upstream: UpstreamBudgetConfig?

    /// Creates rate-limit settings with the documented defaults.
    public init(
        store: RedisURL? = nil,
        onStoreFailure: StoreFailurePolicy = .local,
        replicas: Int = 1,
        storeTimeout: TimeAmount = .milliseconds(100),
        upstream: UpstreamBudgetConfig? = nil
    ) {
        self.store = store
        self.onStoreFailure = onStoreFailure
        self.replicas = replicas
        self.storeTimeout = storeTimeout
        self.upstream = upstream
    }
}

extension RateLimitConfig {
    /// Reads the `rate_limit` block.
    static func read(from block: MappingReader) -> RateLimitConfig {
        let defaults = RateLimitConfig()
        var store: RedisURL?
        if let text = block.string("store") {
            switch RedisURL.validate(text) {
            case .success(let url): store = url
            case .failure(let problem): block.context.report(block.path("store"), problem.message)
            }
        }
        let result = RateLimitConfig(
            store: store,
            onStoreFailure: block.choice(
                "on_store_failure", default: defaults.onStoreFailure,
                from: ["open": .open, "closed": .closed, "local": .local]
            ),
            replicas: block.int("replicas", default: defaults.replicas, in: 1...Int.max),
            storeTimeout: block.duration("store_timeout", default: defaults.storeTimeout, positive: true),
            upstream: block.mapping("upstream").flatMap(UpstreamBudgetConfig.read(from:))
        )
        block.finish()
        return result
    }
}
