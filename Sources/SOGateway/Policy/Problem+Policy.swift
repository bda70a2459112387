import NIOHTTP1

/// The answers of the policy stage: 403 for what a client may not do, naming only that client's own rules.
extension Problem {
    /// The route is outside the client's `allow` list.
    static func routeNotAllowed(client: String, ruleSet: String) -> Problem {
        Problem(
            status: .forbidden, slug: "route-not-allowed", title: "Forbidden",
            detail: "Client \(client) may call only: \(ruleSet).",
            extensions: [("client", .string(client)), ("allow", .string(ruleSet))]
        )
    }

    /// The path hides a separator (`%2F`, `%5C`, `\`) that could escape an allow pattern.
    static func encodedSeparatorNotAllowed() -> Problem {
        Problem(
            status: .forbidden, slug: "route-not-allowed", title: "Forbidden",
            detail: "Percent-encoded slashes (%2F, %5C) and backslashes in the path are refused for clients with an allow list."
        )
    }

    /// The call comes from an address outside the client's `source_ips`.
    static func sourceNotAllowed(client: String) -> Problem {
        Problem(
            status: .forbidden, slug: "source-not-allowed", title: "Forbidden",
            detail: "Client \(client) may not call from this network address."
        )
    }
}
