import Foundation

/// Everything the status page shows, gathered at one moment; `/status` renders it as HTML and `/status.json`
/// as JSON, so the two always agree.
public struct StatusReport: Sendable {
    public var version: String
    public var generatedAt: Date
    public var startedAt: Date
    public var uptimeSeconds: Int
    /// SHA-256 of gateway.yml as it was read (`unknown` when the embedder did not say), and when it was loaded.
    public var configSHA256: String
    public var configLoadedAt: Date
    public var clients: [ClientTraffic.Row]
    public var cache: Cache
    public var upstream: Upstream
    /// Keyed by the first 12 hex digits of the identity id (a hash of the credential definition, not a secret).
    public var credentials: [(identity: String, status: CredentialStatus)]
    public var redis: Redis

    public struct Cache: Sendable {
        public var enabled: Bool
        public var entries: Int
        public var bytes: Int
        public var maxBytes: Int
        public var hits: Int
        public var misses: Int
        public var staleServed: Int
        public var coalescedWaits: Int
        /// Answers served without a call of their own upstream: hits, stale answers and coalesced waits.
        public var avoidedCalls: Int { hits + staleServed + coalescedWaits }
        /// Avoided calls over all cache lookups; nil before the first lookup.
        public var hitRatio: Double? {
            let lookups = avoidedCalls + misses
            return lookups == 0 ? nil : Double(avoidedCalls) / Double(lookups)
        }
    }

    public struct Upstream: Sendable {
        /// Over the last `samples` upstream calls.
        public var latencyP50Ms: Double?
        public var latencyP99Ms: Double?
        public var samples: Int
        /// `open` while SuperOffice's Retry-After pauses upstream calls, else `closed`.
        public var circuit: String
        public var circuitOpenSeconds: Int?
        /// `rate_limit.upstream`, when configured.
        public var budgetPerSecond: Double?
        public var budgetBurst: Int?
        public var budgetMaxConcurrent: Int?
    }

    public struct Redis: Sendable {
        /// `up`, `down` or `not_configured` (`rate_limit.store`).
        public var store: String
        /// `rate_limit.on_store_failure` when a store is configured.
        public var onStoreFailure: String?
        /// `subscribed`, `unsubscribed` or `not_configured` (`cache.bus`).
        public var bus: String
        /// The shared cache tier (`cache.shared_store`): `up`, `down` (its circuit keeps Redis off the path) or
        /// `not_configured`.
        public var sharedStore: String
    }
}
