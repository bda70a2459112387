import Foundation
import GatewayConfig
import Logging

/// Maps key digests to clients; built once per configuration load and never mutated.
///
/// A key past its `not_after` is answered exactly like an unknown key (the caller sees no difference);
/// the first use of each expired key is logged so operators notice a partner still on an old key.
public struct ClientKeyTable: Sendable {
    /// One configured key: who owns it and how long it lives.
    struct Entry: Sendable {
        let client: ClientPrincipal
        /// The configured key, whose `isExpired(at:)` is the one definition of the lifetime boundary.
        let key: ClientKeyConfig
        /// The first characters of the hash, enough to tell keys apart in a log without revealing the hash.
        let hashPrefix: String
    }

    private let byDigest: [KeyDigest: Entry]
    private let expiredKeys: ExpiredKeyLog
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - clients: the clients with their configured keys.
    ///   - logger: where the first use of each expired key is reported.
    ///   - now: the clock expiry is judged by (injected by tests).
    public init(_ clients: [ClientPrincipal], logger: Logger = Logger(label: "so-gateway"), now: @escaping @Sendable () -> Date = { Date() }) {
        var table = [KeyDigest: Entry]()
        for client in clients {
            for key in client.config.apiKeys {
                if let digest = KeyDigest(hex: key.sha256) {
                    table[digest] = Entry(client: client, key: key, hashPrefix: String(key.sha256.prefix(8)))
                }
            }
        }
        self.byDigest = table
        self.expiredKeys = ExpiredKeyLog(logger: logger)
        self.now = now
    }

    /// The client owning a presented key, or nil when the key is unknown or expired.
    public func client(forKey key: Substring) -> ClientPrincipal? {
        let digest = KeyDigest(hashing: key.utf8)
        guard let entry = byDigest[digest] else { return nil }
        // Keys without a lifetime skip reading the clock; the boundary itself is `isExpired(at:)`'s alone.
        if let notAfter = entry.key.notAfter, entry.key.isExpired(at: now()) {
            expiredKeys.reportOnce(
                digest: digest, client: entry.client.name, note: entry.key.note, notAfter: notAfter, hashPrefix: entry.hashPrefix
            )
            return nil
        }
        return entry.client
    }

    public var isEmpty: Bool { byDigest.isEmpty }
}
