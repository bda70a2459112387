import NIOCore
import NIOHTTP1

/// Identifies the partner from `X-API-Key` or `Authorization: Bearer`; anything else stops here with 401
/// and nothing goes upstream.
///
/// Keys in the query string are deliberately not looked at: they end up in logs and browser histories.
public struct ClientAuthStage: GatewayStage {
    let keys: ClientKeyTable
    /// Presented secrets longer than this are rejected without hashing (a cheap guard against junk).
    static let maxKeyLength = 512

    public init(keys: ClientKeyTable) {
        self.keys = keys
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        guard let client = AuthenticatedClient.authenticate(request.head.headers, keys: keys) else {
            return request.eventLoop.makeSucceededFuture(Problem.unauthorized().response(requestId: request.requestId))
        }
        var request = request
        request.authenticated = client
        request.facts.clientName = client.principal.name
        return next(request)
    }

    /// The secret the partner presented, or nil when absent or malformed.
    static func presentedKey(in headers: HTTPHeaders) -> Substring? {
        let apiKeys = headers["X-API-Key"]
        if apiKeys.count > 1 { return nil }
        if let apiKey = apiKeys.first {
            return validated(Substring(apiKey))
        }
        let authorizations = headers["Authorization"]
        guard authorizations.count == 1, let authorization = authorizations.first else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return validated(parts[1])
    }

    private static func validated(_ key: Substring) -> Substring? {
        let trimmed = key.trimmingSpaces()
        guard !trimmed.isEmpty, trimmed.utf8.count <= maxKeyLength else { return nil }
        // Keys are printable ASCII tokens (base64url from `so-gateway new-key`, or operator-chosen).
        for byte in trimmed.utf8 where byte <= 0x20 || byte >= 0x7F {
            return nil
        }
        return trimmed
    }
}
