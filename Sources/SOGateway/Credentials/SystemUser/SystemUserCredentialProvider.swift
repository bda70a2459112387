import _CryptoExtras
import Foundation
import GatewayClock
import GatewayConfig
import Logging
import NIOCore
import UpstreamTransport

/// `credentials.system_user`: exchanges the signed system-user token for a SuperOffice ticket, keeps it while it
/// is being used (6 hours sliding) and renews it once, for every waiting request, when it lapses or is rejected.
public struct SystemUserCredentialProvider: CredentialProvider {
    let renewer: CredentialRenewer

    /// Loads the private key (failing at startup when it is unusable) and prepares the exchange.
    ///
    /// - Parameters:
    ///   - appToken: `upstream.app_token`, the application's client secret, sent as `ApplicationToken`.
    ///   - clock: the signed timestamp, JWT expiry and the ticket's sliding lifetime read it (tests move it).
    public init(
        config: SystemUserConfig, appToken: String?, transport: any UpstreamTransport, group: any EventLoopGroup,
        policy: RenewalPolicy = RenewalPolicy(), logger: Logger, record: CredentialRecord? = nil, clock: GatewayClock = .system
    ) throws {
        guard let appToken, !appToken.isEmpty else {
            throw CredentialError("credentials.system_user needs upstream.app_token (the application's client secret)")
        }
        let key = try SystemUserKey.load(path: config.privateKeyFile)
        if key.keySizeInBits < 2048 {
            logger.warning(
                "system user private key is shorter than 2048 bits",
                metadata: ["private_key_file": .string(config.privateKeyFile), "bits": .stringConvertible(key.keySizeInBits)]
            )
        }
        let client = SuperOfficeServiceClient(transport: transport, timeout: policy.requestTimeout)
        let verifier = config.verify
            ? SystemUserJWTVerifier(keys: JWKSKeyCache(client: client, environment: config.environment.baseURL)) : nil
        let exchange = SystemUserTicketExchange(
            config: config, appToken: appToken, signer: SystemUserTokenSigner(key: key), client: client, verifier: verifier,
            ticketLifetime: policy.ticketLifetime, clock: { clock.date() }
        )
        self.renewer = CredentialRenewer(kind: "system_user", policy: policy, group: group, logger: logger, record: record, clock: clock) {
            eventLoop in exchange.fetch(on: eventLoop)
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
