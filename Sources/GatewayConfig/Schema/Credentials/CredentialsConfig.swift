/// The identity the gateway presents upstream on a client's behalf; exactly one kind per block.
public enum CredentialsConfig: Sendable, Equatable {
    /// HTTP Basic with a user name and password (on-site installations that allow it).
    case basic(user: String, password: String)
    /// A fixed `SOTicket` credential such as `7T:...`.
    case ticket(String)
    /// A fixed bearer access token such as `8A:...`.
    case bearer(String)
    /// A system user whose signed token is exchanged for tickets.
    case systemUser(SystemUserConfig)
    /// An OAuth refresh token redeemed for access tokens.
    case oauth(OAuthConfig)
    /// A captured web session.
    case session(SessionConfig)

    /// The YAML key of each kind, in the order problems list them.
    public static let kinds = ["basic", "ticket", "bearer", "system_user", "oauth", "session"]

    /// The YAML key of this kind, e.g. `system_user`; safe to log.
    public var kind: String {
        switch self {
        case .basic: "basic"
        case .ticket: "ticket"
        case .bearer: "bearer"
        case .systemUser: "system_user"
        case .oauth: "oauth"
        case .session: "session"
        }
    }

    /// A canonical text naming the upstream identity, secrets included, which the gateway hashes (SHA-256)
    /// to key caches per upstream identity. Fields are separated by U+001F. Never print or log it.
    public var identityDescription: String {
        let fields: [String]
        switch self {
        case .basic(let user, let password):
            fields = ["basic", user, password]
        case .ticket(let ticket):
            fields = ["ticket", ticket]
        case .bearer(let token):
            fields = ["bearer", token]
        case .systemUser(let systemUser):
            fields = ["system_user", systemUser.token, systemUser.context, systemUser.environment.baseURL.string]
        case .oauth(let oauth):
            fields = ["oauth", oauth.clientId, oauth.clientSecret, oauth.refreshToken, oauth.tokenURL]
        case .session(let session):
            let cookies = session.cookies.flatMap { [$0.name, $0.value] }
            let login = session.login.map { ["login", $0.url, $0.user, $0.password] } ?? []
            fields = ["session"] + cookies + login
        }
        return fields.joined(separator: "\u{1F}")
    }
}

extension CredentialsConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind and non-secret parts, e.g. `basic(user: alice, password: ***)`.
    public var description: String {
        switch self {
        case .basic(let user, _): "basic(user: \(user), password: \(Redaction.mask))"
        case .ticket: "ticket(\(Redaction.mask))"
        case .bearer: "bearer(\(Redaction.mask))"
        case .systemUser(let systemUser): systemUser.description
        case .oauth(let oauth): oauth.description
        case .session(let session): session.description
        }
    }

    /// The same text as `description`, so debug output is redacted too.
    public var debugDescription: String {
        description
    }

    /// Children with secrets masked, so `dump` and debuggers show no secret.
    public var customMirror: Mirror {
        Mirror(self, children: [kind: description], displayStyle: .enum)
    }
}
