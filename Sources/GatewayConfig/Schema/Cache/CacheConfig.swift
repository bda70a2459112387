import NIOCore

/// The task-info cache: which batch-task calls are answered from memory, for how long, and within what size.
public struct CacheConfig: Sendable, Equatable {
    /// Whether caching is on.
    public var enabled: Bool
    /// How long an answer holding only finished tasks (or none) is fresh.
    public var ttl: TimeAmount
    /// How long an answer holding a task that may still move on is fresh (at most `ttl`).
    public var activeTTL: TimeAmount
    /// Whether Batch agent writes forwarded by the gateway evict the entries they may change.
    public var invalidateOnWrite: Bool
    /// The Redis that carries invalidations between replicas (pub/sub); nil = this replica only.
    public var bus: RedisURL?
    /// The Redis holding the shared tier every replica reads before going upstream; nil = local memory only.
    public var sharedStore: RedisURL?
    /// The deadline of one shared-tier command: far below the upstream timeout, so a slow Redis costs little.
    public var sharedTimeout: TimeAmount
    /// How long a replica's claim to fill a key lasts in Redis (a crashed filler frees it after this).
    public var sharedLockTTL: TimeAmount
    /// How long a replica waits for another replica's fill before asking upstream itself.
    public var sharedWait: TimeAmount
    /// How long past `ttl` a stale answer may be served while it is refreshed in the background.
    public var staleWhileRevalidate: TimeAmount
    /// How long past `ttl` a stale answer may be served when the upstream fails.
    public var staleIfError: TimeAmount
    /// The cache's memory budget, in bytes.
    public var maxBytes: Int
    /// Requests naming more associate ids than this pass through uncached.
    public var maxIds: Int
    /// The cached WebAPI calls, from `supportedEndpoints`.
    public var endpoints: [String]
    /// Whether multi-associate requests are composed from per-associate cache entries.
    public var composeByAssociate: Bool

    /// The batch-task calls the cache knows how to key.
    public static let supportedEndpoints = [
        "GetBatchTaskInfosByAssociates",
        "GetBatchTaskInfosByAssociatesAndState",
        "GetBatchTaskInfosByNameAndAssociates",
    ]

    /// Creates cache settings with the documented defaults.
    public init(
        enabled: Bool = true,
        ttl: TimeAmount = .seconds(60),
        activeTTL: TimeAmount = .seconds(2),
        invalidateOnWrite: Bool = true,
        bus: RedisURL? = nil,
        sharedStore: RedisURL? = nil,
        sharedTimeout: TimeAmount = .milliseconds(100),
        sharedLockTTL: TimeAmount = .seconds(10),
        sharedWait: TimeAmount = .seconds(2),
        staleWhileRevalidate: TimeAmount = .zero,
        staleIfError: TimeAmount = .zero,
        maxBytes: Int = 64 << 20,
        maxIds: Int = 1000,
        endpoints: [String] = ["GetBatchTaskInfosByAssociates"],
        composeByAssociate: Bool = false
    ) {
        self.enabled = enabled
        self.ttl = ttl
        self.activeTTL = min(activeTTL, ttl)
        self.invalidateOnWrite = invalidateOnWrite
        self.bus = bus
        self.sharedStore = sharedStore
        self.sharedTimeout = sharedTimeout
        self.sharedLockTTL = sharedLockTTL
        self.sharedWait = sharedWait
        self.staleWhileRevalidate = staleWhileRevalidate
        self.staleIfError = staleIfError
        self.maxBytes = maxBytes
        self.maxIds = maxIds
        self.endpoints = endpoints
        self.composeByAssociate = composeByAssociate
    }
}

extension CacheConfig {
    /// Reads the `cache` block.
    static func read(from block: MappingReader) -> CacheConfig {
        let defaults = CacheConfig()
        let ttl = block.duration("ttl", default: defaults.ttl)
        // Left out, active_ttl is 2 s or the ttl when that is shorter; written, it may not exceed the ttl.
        let activeTTL = block.duration("active_ttl", default: min(defaults.activeTTL, ttl))
        if activeTTL > ttl {
            block.context.report(block.path("active_ttl"), "must be at most cache.ttl")
        }
        let sharedStore = readRedisURL("shared_store", from: block)
        let sharedLockTTL = block.duration("shared_lock_ttl", default: defaults.sharedLockTTL, positive: true)
        let sharedWait = block.duration("shared_wait", default: min(defaults.sharedWait, sharedLockTTL))
        if sharedWait > sharedLockTTL {
            block.context.report(block.path("shared_wait"), "must be at most cache.shared_lock_ttl")
        }
        var result = CacheConfig(
            enabled: block.bool("enabled", default: defaults.enabled),
            ttl: ttl,
            activeTTL: activeTTL,
            invalidateOnWrite: block.bool("invalidate_on_write", default: defaults.invalidateOnWrite),
            // With a shared tier, every replica's memory in front of it must hear the others' writes: the bus
            // defaults to the same Redis.
            bus: readRedisURL("bus", from: block) ?? sharedStore,
            sharedStore: sharedStore,
            sharedTimeout: block.duration("shared_timeout", default: defaults.sharedTimeout, positive: true),
            sharedLockTTL: sharedLockTTL,
            sharedWait: sharedWait,
            staleWhileRevalidate: block.duration("stale_while_revalidate", default: defaults.staleWhileRevalidate),
            staleIfError: block.duration("stale_if_error", default: defaults.staleIfError),
            maxBytes: block.size("max_bytes", default: defaults.maxBytes),
            maxIds: block.int("max_ids", default: defaults.maxIds, in: 1...Int.max),
            composeByAssociate: block.bool("compose_by_associate", default: defaults.composeByAssociate)
        )
        if let endpoints = readEndpoints(from: block) {
            result.endpoints = endpoints
        }
        block.finish()
        return result
    }

    private static func readRedisURL(_ key: String, from block: MappingReader) -> RedisURL? {
        guard let text = block.string(key) else { return nil }
        switch RedisURL.validate(text) {
        case .success(let url): return url
        case .failure(let problem):
            block.context.report(block.path(key), problem.message)
            return nil
        }
    }

    private static func readEndpoints(from block: MappingReader) -> [String]? {
        guard let elements = block.list("endpoints") else { return nil }
        var endpoints: [String] = []
        for element in elements {
            guard let name = block.context.scalar(element.node, at: element.path) else { continue }
            if !supportedEndpoints.contains(name) {
                block.context.report(element.path, "expected one of " + supportedEndpoints.joined(separator: ", "))
            } else if endpoints.contains(name) {
                block.context.report(element.path, "listed twice")
            } else {
                endpoints.append(name)
            }
        }
        return endpoints
    }
}
