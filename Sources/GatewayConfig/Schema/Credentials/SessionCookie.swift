/// One cookie of a captured browser session, sent upstream as-is.
public struct SessionCookie: Sendable, Equatable {
    /// The cookie name, e.g. `.ASPXAUTH`.
    public var name: String
    /// The cookie value (secret).
    public var value: String

    /// Creates a cookie.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension SessionCookie: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `name=***`.
    public var description: String {
        "\(name)=\(Redaction.mask)"
    }

    /// The same text as `description`, so debug output is redacted too.
    public var debugDescription: String {
        description
    }

    /// Children with secrets masked, so `dump` and debuggers show no secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "value": Redaction.mask])
    }
}
