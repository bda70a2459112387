/// Why entries left the cache other than for room, as counted on `/metrics`
/// (`so_gateway_cache_evictions_total{reason}`; room is `capacity`).
public enum EvictionReason: String, Sendable, CaseIterable {
    /// A Batch agent write passed through this replica (`cache.invalidate_on_write`).
    case write
    /// An admin purge on this replica.
    case purge
    /// Another replica's write or purge, heard on `cache.bus`.
    case bus
    /// The bus (re)subscribed: what was stored while invalidations could have been missed is dropped.
    case resubscribe

    /// Whether the event happened here, so other replicas must hear about it.
    var isLocal: Bool {
        self == .write || self == .purge
    }
}
