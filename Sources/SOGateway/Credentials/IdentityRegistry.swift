import GatewayConfig
import NIOConcurrencyHelpers

/// Keeps one `UpstreamIdentity` per distinct credential definition, across reloads, so that a ticket or
/// token obtained once is shared by every client acting as that identity and survives SIGHUP.
public final class IdentityRegistry: Sendable {
    private let identities = NIOLockedValueBox([String: UpstreamIdentity]())
    private let factory: CredentialProviderFactory

    public init(factory: CredentialProviderFactory) {
        self.factory = factory
    }

    public func identity(for credentials: CredentialsConfig) throws -> UpstreamIdentity {
        let id = UpstreamIdentity.identityId(for: credentials)
        if let existing = identities.withLockedValue({ $0[id] }) {
            return existing
        }
        let created = UpstreamIdentity(id: id, kind: credentials.kindName, provider: try factory.makeProvider(for: credentials))
        return identities.withLockedValue { table in
            if let raced = table[id] { return raced }
            table[id] = created
            return created
        }
    }

    /// Every identity in use, for `/readyz`.
    public var all: [UpstreamIdentity] {
        identities.withLockedValue { Array($0.values) }
    }
}

extension CredentialsConfig {
    /// The credential mode's name, for logs and metrics.
    public var kindName: String {
        switch self {
        case .basic: return "basic"
        case .ticket: return "ticket"
        case .bearer: return "bearer"
        case .systemUser: return "system_user"
        case .oauth: return "oauth"
        case .session: return "session"
        }
    }
}
