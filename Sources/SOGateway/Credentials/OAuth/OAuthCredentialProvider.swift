import GatewayClock
import GatewayConfig
import Logging
import NIOCore
import UpstreamTransport

/// `credentials.oauth`: redeems the refresh token for access tokens, renews them before `expires_in` runs out
/// and once (for every waiting request) when SuperOffice answers 401.
public struct OAuthCredentialProvider: CredentialProvider {
    let renewer: CredentialRenewer

    /// Prepares the grant; nothing is fetched until the first request needs a token.
    public init(
        config: OAuthConfig, transport: any UpstreamTransport, group: any EventLoopGroup, policy: RenewalPolicy = RenewalPolicy(),
        logger: Logger, record: CredentialRecord? = nil, clock: GatewayClock = .system
    ) throws {
        let grant = try OAuthTokenGrant(config: config, client: SuperOfficeServiceClient(transport: transport, timeout: policy.requestTimeout))
        self.renewer = CredentialRenewer(kind: "oauth", policy: policy, group: group, logger: logger, record: record, clock: clock) {
            eventLoop in grant.fetch(on: eventLoop)
        }
    }

    public func currentCredential() -> UpstreamCredential? {
        renewer.current()
    }

    public func obtain(on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential> {
        renewer.obtain(on: eventLoop)
    }

    public func renew(after failed: UpstreamCredential, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential>? {
        renewer.renew(after: failed, on: eventLoop)
    }

    public var isReady: Bool {
        renewer.isReady
    }

    public var status: CredentialStatus? {
        renewer.record.status
    }
}
