extension CredentialsConfig {
    /// Reads a credentials block: a mapping with exactly one of the keys in `kinds`.
    static func read(from block: MappingReader) -> CredentialsConfig? {
        let present = kinds.filter { block.has($0) }
        guard present.count == 1, let kind = present.first else {
            block.context.report(block.path, "expected exactly one of " + kinds.joined(separator: ", "))
            for kind in kinds { _ = block.node(kind) }
            block.finish()
            return nil
        }
        let result: CredentialsConfig?
        switch kind {
        case "basic":
            result = block.mapping(kind).flatMap(readBasic(from:))
        case "ticket":
            result = block.headerString(kind).map(CredentialsConfig.ticket)
        case "bearer":
            result = block.headerString(kind).map(CredentialsConfig.bearer)
        case "system_user":
            result = block.mapping(kind).flatMap(SystemUserConfig.read(from:)).map(CredentialsConfig.systemUser)
        case "oauth":
            result = block.mapping(kind).flatMap(OAuthConfig.read(from:)).map(CredentialsConfig.oauth)
        default:
            result = block.mapping(kind).flatMap(SessionConfig.read(from:)).map(CredentialsConfig.session)
        }
        block.finish()
        return result
    }

    /// Reads `{ user, password }`.
    private static func readBasic(from block: MappingReader) -> CredentialsConfig? {
        let user = block.requiredString("user")
        let password = block.requiredString("password")
        if let user, user.contains(":") {
            block.context.report(block.path("user"), "must not contain : (HTTP Basic separates user and password with it)")
        }
        block.finish()
        guard let user, let password, !user.contains(":") else { return nil }
        return .basic(user: user, password: password)
    }
}
