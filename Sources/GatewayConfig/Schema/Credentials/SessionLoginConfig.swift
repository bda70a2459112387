/// How to log in again when a session's cookies expire.
public struct SessionLoginConfig: Sendable, Equatable {
    /// The login endpoint URL.
    public var url: String
    /// The user name.
    public var user: String
    /// The password (secret).
    public var password: String

    /// Creates login settings.
    public init(url: String, user: String, password: String) {
        self.url = url
        self.user = user
        self.password = password
    }
}

extension SessionLoginConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the endpoint and user, never the password.
    public var description: String {
        "login(url: \(url), user: \(user), password: \(Redaction.mask))"
    }

    /// The same text as `description`, so debug output is redacted too.
    public var debugDescription: String {
        description
    }

    /// Children with secrets masked, so `dump` and debuggers show no secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["url": url, "user": user, "password": Redaction.mask])
    }
}

extension SessionLoginConfig {
    /// Reads `{ url, user, password }`.
    static func read(from block: MappingReader) -> SessionLoginConfig? {
        var url: String?
        if let text = block.requiredString("url") {
            switch UpstreamURL.validate(text) {
            case .success: url = text
            case .failure(let problem): block.context.report(block.path("url"), problem.message)
            }
        }
        let user = block.requiredString("user")
        let password = block.requiredString("password")
        block.finish()
        guard let url, let user, let password else { return nil }
        return SessionLoginConfig(url: url, user: user, password: password)
    }
}
