import NIOHTTP1

/// Proof that a request presented a valid, unexpired partner key: the only value the policy and rate-limit
/// stages accept as "the client".
///
/// It can only be made by `authenticate(_:keys:)`, which checks the key, so a stage that needs the partner
/// cannot be handed one that skipped client authentication, whatever the chain's order. Before, those stages
/// read an optional principal and waved a request without one through, trusting that authentication had run
/// first; now they refuse it.
public struct AuthenticatedClient: Sendable {
    /// The partner the key belongs to.
    public let principal: ClientPrincipal

    private init(principal: ClientPrincipal) {
        self.principal = principal
    }

    /// The partner whose key `headers` present (`X-API-Key` or `Authorization: Bearer`), or nil when the key is
    /// missing, malformed, unknown or expired. Called by `ClientAuthStage`.
    static func authenticate(_ headers: HTTPHeaders, keys: ClientKeyTable) -> AuthenticatedClient? {
        guard let key = ClientAuthStage.presentedKey(in: headers), let principal = keys.client(forKey: key) else { return nil }
        return AuthenticatedClient(principal: principal)
    }
}
