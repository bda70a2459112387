/// A captured SuperOffice web session (cookies), optionally with a login to renew it, for installations where
/// neither tickets nor OAuth are available to the gateway.
public struct SessionConfig: Sendable, Equatable {
    /// The cookies in file order, never empty.
    public var cookies: [SessionCookie]
    /// How to log in again when the cookies stop working.
    public var login: SessionLoginConfig?

    /// Creates session credentials.
    public init(cookies: [SessionCookie], login: SessionLoginConfig? = nil) {
        self.cookies = cookies
        self.login = login
    }
}

extension SessionConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Cookie names only, values masked.
    public var description: String {
        let names = cookies.map(\.description).joined(separator: ", ")
        return "session(cookies: [\(names)], login: \(login.map(\.description) ?? "none"))"
    }

    /// The same text as `description`, so debug output is redacted too.
    public var debugDescription: String {
        description
    }

    /// Children with secrets masked, so `dump` and debuggers show no secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["cookies": cookies, "login": login as Any])
    }
}

extension SessionConfig {
    /// Reads `{ cookies: {name: value, ...}, login: { url, user, password }? }`.
    static func read(from block: MappingReader) -> SessionConfig? {
        let cookies = readCookies(from: block)
        let login = block.mapping("login").flatMap(SessionLoginConfig.read(from:))
        let loginFailed = block.has("login") && login == nil
        block.finish()
        guard let cookies, !loginFailed else { return nil }
        return SessionConfig(cookies: cookies, login: login)
    }

    private static func readCookies(from block: MappingReader) -> [SessionCookie]? {
        guard let cookieBlock = block.requiredMapping("cookies") else { return nil }
        var cookies: [SessionCookie] = []
        var valid = true
        for entry in cookieBlock.entries {
            let path = cookieBlock.path(entry.key)
            guard isCookieName(entry.key) else {
                cookieBlock.context.report(path, "expected a cookie name made of letters, digits and !#$%&'*+-.^_`|~")
                valid = false
                continue
            }
            guard let value = cookieBlock.headerString(entry.key, required: true) else {
                valid = false
                continue
            }
            guard !value.contains(";") else {
                cookieBlock.context.report(path, "a cookie value must not contain ;")
                valid = false
                continue
            }
            cookies.append(SessionCookie(name: entry.key, value: value))
        }
        if cookieBlock.entries.isEmpty {
            block.context.report(block.path("cookies"), "expected at least one cookie")
            return nil
        }
        return valid ? cookies : nil
    }

    /// RFC 6265 cookie names are HTTP tokens.
    private static func isCookieName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
        }
    }
}
