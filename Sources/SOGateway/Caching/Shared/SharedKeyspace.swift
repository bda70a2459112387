import Crypto
import GatewayConfig
import NIOCore
import TaskCache

/// The names the shared tier uses in Redis. Entries and fill locks are named per tenant and key version (the
/// entry format and the settings that decide what an entry means), so gateways of other tenants, an older or
/// newer gateway, or one configured with other lifetimes never read each other's bytes. The invalidation
/// state (epoch, generations, per-associate indexes) is per tenant only: a write through any version
/// invalidates the entries of every version.
struct SharedKeyspace: Sendable, Equatable {
    /// `so-gateway:tc:<tenant>:`
    let tenantPrefix: String
    /// `so-gateway:tc:<tenant>:v<format>.<settings digest>:`
    let versionPrefix: String

    init(tenant: String, settings: CacheConfig) {
        var hasher = SHA256()
        hasher.update(data: Array("ttl=\(settings.ttl.nanoseconds);active=\(settings.activeTTL.nanoseconds)".utf8))
        let settingsDigest = TaskCacheKey.hex(hasher.finalize().prefix(4))
        self.tenantPrefix = Self.tenantPrefix(tenant)
        self.versionPrefix = tenantPrefix + "v\(SharedEntry.formatVersion).\(settingsDigest):"
    }

    static func tenantPrefix(_ tenant: String) -> String { "so-gateway:tc:\(tenant):" }

    /// Where fills are announced to replicas waiting for them.
    static func fillChannel(tenant: String) -> String { "so-gateway:tc-fills:\(tenant)" }

    /// The invalidation epoch: "invalidate everything" increments it, and entries of older epochs are dead.
    static func epoch(tenant: String) -> String { tenantPrefix(tenant) + "epoch" }

    var epoch: String { tenantPrefix + "epoch" }

    /// An entry (a whole answer or a fragment).
    func entry(_ digest: String) -> String { versionPrefix + "e:" + digest }

    /// A replica's claim to fill the entries named `digest`.
    func lock(_ digest: String) -> String { versionPrefix + "l:" + digest }

    /// The invalidation generation of one associate: a write increments it, and a fill that read before it is
    /// refused at store time.
    func generation(_ associate: Int32) -> String { tenantPrefix + "g:" + String(associate) }

    /// The entries that cover one associate, so a write deletes exactly those.
    func index(_ associate: Int32) -> String { tenantPrefix + "i:" + String(associate) }
}
