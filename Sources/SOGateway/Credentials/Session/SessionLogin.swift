import Foundation
import GatewayConfig
import NIOCore
import NIOHTTP1
import UpstreamTransport

/// Signs the session in again (`session.login`): posts the form `user`/`password` to `login.url` and returns
/// the cookies the answer sets.
struct SessionLogin: Sendable {
    static let service = "SuperOffice's session login"

    let config: SessionLoginConfig
    let url: UpstreamURL
    let client: SuperOfficeServiceClient

    init(config: SessionLoginConfig, client: SuperOfficeServiceClient) throws {
        guard let url = UpstreamURL.parse(config.url) else {
            throw CredentialError("credentials.session.login.url is not an absolute http(s) URL")
        }
        self.config = config
        self.url = url
        self.client = client
    }

    /// The `Set-Cookie` values of a successful sign-in.
    func signIn(on eventLoop: any EventLoop) -> EventLoopFuture<[String]> {
        let form = FormEncoding.encode([("user", config.user), ("password", config.password)])
        return client.send(
            .POST, to: url, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: ByteBuffer(string: form),
            service: Self.service, on: eventLoop
        ).flatMapThrowing { response in
            guard (200..<400).contains(response.status.code) else {
                throw CredentialError("\(Self.service) rejected the configured user (HTTP \(response.status.code)).")
            }
            let cookies = response.headers["Set-Cookie"]
            guard !cookies.isEmpty else {
                throw CredentialError("\(Self.service) answered without setting session cookies.")
            }
            return cookies
        }
    }
}
