import Foundation

/// One entry of `clients[].api_keys_sha256`: a key hash, optionally with the instant it stops working and a
/// note saying whose key it is, so keys can be rotated (add new, roll partners, expire old) without downtime.
public struct ClientKeyConfig: Sendable, Equatable {
    /// Lowercase hex SHA-256 of the key.
    public var sha256: String
    /// The last instant the key is accepted; from the next instant on it is answered like an unknown key.
    public var notAfter: Date?
    /// Free text for operators (who holds the key, a ticket number); logged when an expired key is used.
    public var note: String?

    /// Creates a key entry.
    public init(sha256: String, notAfter: Date? = nil, note: String? = nil) {
        self.sha256 = sha256
        self.notAfter = notAfter
        self.note = note
    }

    /// Whether the key is past its lifetime at `now` (valid up to and including `notAfter`).
    public func isExpired(at now: Date) -> Bool {
        guard let notAfter else { return false }
        return now > notAfter
    }
}
