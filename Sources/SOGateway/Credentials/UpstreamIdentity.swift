import Crypto
import GatewayConfig

/// A SuperOffice identity the gateway acts as: the credential lifecycle plus a stable, non-secret id.
///
/// The id is the SHA-256 of the credential definition, so two partners configured with the same
/// SuperOffice user share cache entries and different users never do, while no secret is kept in keys.
public final class UpstreamIdentity: Sendable {
    /// Hex SHA-256 of the credential definition; safe to log and to use in cache keys.
    public let id: String
    /// A short label for logs (`basic`, `ticket`, `bearer`, `system_user`, `oauth`, `session`).
    public let kind: String
    public let provider: any CredentialProvider

    public init(id: String, kind: String, provider: any CredentialProvider) {
        self.id = id
        self.kind = kind
        self.provider = provider
    }

    /// What the status page shows: the provider's record, or a configured credential's kind.
    public var status: CredentialStatus {
        provider.status ?? CredentialStatus(kind: kind, expiry: "configured")
    }

    /// Hashes the credential definition into an identity id.
    public static func identityId(for credentials: CredentialsConfig) -> String {
        let digest = SHA256.hash(data: Array(credentials.identityDescription.utf8))
        return digest.map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
        }.joined()
    }
}
