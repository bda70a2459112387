/// An OAuth refresh token for an interactive SuperOffice user: the gateway redeems it for short-lived access tokens.
public struct OAuthConfig: Sendable, Equatable {
    /// The application's client id.
    public var clientId: String
    /// The application's client secret (secret).
    public var clientSecret: String
    /// The long-lived refresh token (secret).
    public var refreshToken: String
    /// The full token endpoint URL, e.g. `https://online.superoffice.com/login/common/oauth/tokens`.
    public var tokenURL: String
    /// The environment the token endpoint belongs to, when configured by environment.
    public var environment: SuperOfficeEnvironment?

    /// The token endpoint path below an environment's root.
    public static let tokenPath = "/login/common/oauth/tokens"

    /// Creates OAuth credentials.
    public init(clientId: String, clientSecret: String, refreshToken: String, tokenURL: String, environment: SuperOfficeEnvironment? = nil) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.tokenURL = tokenURL
        self.environment = environment
    }
}

extension OAuthConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names the client and endpoint, never the secret or the refresh token.
    public var description: String {
        "oauth(client_id: \(clientId), client_secret: \(Redaction.mask), refresh_token: \(Redaction.mask), token_url: \(tokenURL))"
    }

    /// The same text as `description`, so debug output is redacted too.
    public var debugDescription: String {
        description
    }

    /// Children with secrets masked, so `dump` and debuggers show no secret.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "clientId": clientId, "clientSecret": Redaction.mask, "refreshToken": Redaction.mask,
            "tokenURL": tokenURL, "environment": environment as Any,
        ])
    }
}

extension OAuthConfig {
    /// Reads `{ client_id, client_secret, refresh_token, token_url?, environment | environment_url? }`.
    static func read(from block: MappingReader) -> OAuthConfig? {
        let clientId = block.headerString("client_id", required: true)
        let clientSecret = block.headerString("client_secret", required: true)
        let refreshToken = block.headerString("refresh_token", required: true)
        let environment = SuperOfficeEnvironment.read(from: block, required: false)
        var tokenURL: String?
        if let text = block.string("token_url") {
            switch UpstreamURL.validate(text) {
            case .success(let url): tokenURL = url.string
            case .failure(let problem): block.context.report(block.path("token_url"), problem.message)
            }
        } else if let environment {
            tokenURL = environment.baseURL.string + tokenPath
        } else if !block.has("token_url"), !block.has("environment"), !block.has("environment_url") {
            block.context.report(block.path, "expected token_url or one of environment, environment_url")
        }
        block.finish()
        guard let clientId, let clientSecret, let refreshToken, let tokenURL else { return nil }
        return OAuthConfig(clientId: clientId, clientSecret: clientSecret, refreshToken: refreshToken, tokenURL: tokenURL, environment: environment)
    }
}
