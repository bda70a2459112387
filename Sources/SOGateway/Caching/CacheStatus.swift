/// RFC 9211 `Cache-Status` values for the task cache; the cache's name is `so-gateway`.
enum CacheStatus {
    static func hit(ttlSeconds: Int) -> String { "so-gateway; hit; ttl=\(ttlSeconds)" }
    /// Filled by another replica: read from the shared tier instead of upstream.
    static func sharedHit(ttlSeconds: Int) -> String { "so-gateway; hit; ttl=\(ttlSeconds); detail=shared" }
    static let collapsed = "so-gateway; hit; collapsed"
    static let stored = "so-gateway; fwd=miss; stored"
    static let notStored = "so-gateway; fwd=miss; detail=not-cacheable"
    /// Read upstream before a write to its associates finished: served to those who asked before it, not stored.
    static let notStoredAfterWrite = "so-gateway; fwd=miss; detail=superseded-by-write"
    static func staleWhileRevalidate(ttlSeconds: Int) -> String { "so-gateway; fwd=stale; ttl=\(ttlSeconds); detail=revalidating" }
    static func staleIfError(upstreamStatus: UInt) -> String { "so-gateway; fwd=stale; fwd-status=\(upstreamStatus); detail=stale-if-error" }
    static func composedHit(ttlSeconds: Int) -> String { "so-gateway; hit; ttl=\(ttlSeconds); detail=composed" }
    /// Composed from fragments other replicas put in the shared tier, without an upstream call.
    static func composedSharedHit(ttlSeconds: Int) -> String { "so-gateway; hit; ttl=\(ttlSeconds); detail=composed-shared" }
    static let composedStored = "so-gateway; fwd=miss; stored; detail=composed"
    static let composedCollapsed = "so-gateway; hit; collapsed; detail=composed"
    static let bypassInvalid = "so-gateway; fwd=bypass; detail=invalid-body"
}
