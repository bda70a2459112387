import GatewayConfig

/// One client's least-privilege settings, compiled once per configuration load so the policy stage does
/// no parsing per request.
public struct ClientPolicy: Sendable {
    /// The routes the client may call; `nil` when it may call every route.
    public let allow: AllowList?
    /// Where the client may call from; `nil` when any address may.
    public let sourceIPs: [CIDR]?
    /// The client's largest request body (`clients[].max_body`, else `limits.max_body`).
    public let maxBody: Int

    public init(config: ClientConfig, defaultMaxBody: Int) {
        self.allow = config.allow.map(AllowList.init(rules:))
        self.sourceIPs = config.sourceIPs
        self.maxBody = config.maxBody ?? defaultMaxBody
    }

    /// The rule set as partners see it in a 403 detail.
    var ruleSetDescription: String {
        guard let allow, !allow.rules.isEmpty else { return "no routes" }
        return allow.rules.map(\.description).joined(separator: "; ")
    }
}
