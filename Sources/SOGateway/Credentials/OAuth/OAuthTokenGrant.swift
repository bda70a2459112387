import Foundation
import GatewayConfig
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import UpstreamTransport

/// One refresh_token grant against SuperOffice's token endpoint, yielding `Authorization: Bearer <access_token>`
/// valid for `expires_in`. A rotated refresh token in the answer replaces the configured one.
final class OAuthTokenGrant: Sendable {
    static let service = "SuperOffice's token endpoint"
    /// Assumed when the answer has no `expires_in` (SuperOffice's best-practice page says tokens last 20 minutes).
    static let defaultLifetimeSeconds: Int64 = 1200

    let config: OAuthConfig
    let tokenURL: UpstreamURL
    let client: SuperOfficeServiceClient
    private let refreshToken: NIOLockedValueBox<String>

    init(config: OAuthConfig, client: SuperOfficeServiceClient) throws {
        guard let tokenURL = UpstreamURL.parse(config.tokenURL) else {
            throw CredentialError("credentials.oauth.token_url is not an absolute http(s) URL")
        }
        self.config = config
        self.tokenURL = tokenURL
        self.client = client
        self.refreshToken = NIOLockedValueBox(config.refreshToken)
    }

    func fetch(on eventLoop: any EventLoop) -> EventLoopFuture<ObtainedCredential> {
        let currentRefreshToken = refreshToken.withLockedValue { $0 }
        let form = FormEncoding.encode([
            ("grant_type", "refresh_token"), ("client_id", config.clientId), ("client_secret", config.clientSecret),
            ("refresh_token", currentRefreshToken),
        ])
        let secrets = [config.clientSecret, currentRefreshToken]
        return client.send(
            .POST, to: tokenURL, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: ByteBuffer(string: form),
            service: Self.service, on: eventLoop
        ).flatMapThrowing { response in
            let answer = try Self.parse(status: response.status.code, body: JSONBody.object(response.body), hiding: secrets)
            if let rotated = answer.refreshToken, !rotated.isEmpty {
                self.refreshToken.withLockedValue { $0 = rotated }
            }
            return ObtainedCredential(headers: [("Authorization", "Bearer \(answer.accessToken)")], lifetime: .fixed(.seconds(answer.expiresIn)))
        }
    }

    /// The parts of a token answer the gateway uses.
    struct Answer: Equatable {
        var accessToken: String
        var expiresIn: Int64
        var refreshToken: String?
    }

    /// Reads a token answer; an OAuth error becomes a `CredentialError` naming the OAuth error code only.
    static func parse(status: UInt, body: [String: Any]?, hiding secrets: [String]) throws -> Answer {
        guard (200..<300).contains(status) else {
            let code = (body?["error"] as? String).map { UpstreamMessage.sanitize($0, hiding: secrets) }
            throw CredentialError(
                "\(service) refused the refresh token grant (HTTP \(status)\(code.map { ", \($0)" } ?? "")); "
                    + "the refresh token may have been revoked."
            )
        }
        guard let body, let accessToken = body["access_token"] as? String, !accessToken.isEmpty else {
            throw CredentialError("\(service) answered without an access_token.")
        }
        let expiresIn: Int64
        if let number = body["expires_in"] as? NSNumber {
            expiresIn = number.int64Value
        } else if let text = body["expires_in"] as? String, let number = Int64(text) {
            expiresIn = number
        } else {
            expiresIn = defaultLifetimeSeconds
        }
        return Answer(accessToken: accessToken, expiresIn: max(1, expiresIn), refreshToken: body["refresh_token"] as? String)
    }
}
