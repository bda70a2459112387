import GatewayClock
import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore
import UpstreamTransport

/// `credentials.session`: a captured web session sent as cookies with `X-XSRF-TOKEN`, kept current from upstream
/// `Set-Cookie`s. On 401 it signs in again (single flight, through the shared `CredentialRenewer`) when `login`
/// is configured; without it the session cannot be renewed: partners get 502 and `/readyz` reports it.
public struct SessionCredentialProvider: CredentialProvider {
    static let notRenewable = CredentialError(
        "SuperOffice no longer accepts the gateway's web session, and no session login is configured to renew it."
    )

    /// The cookies; the renewer holds the credential built from them.
    private let jar: NIOLockedValueBox<CookieJar>
    private let renewer: CredentialRenewer
    private let clock: GatewayClock

    /// Starts from the configured cookies; nothing is fetched until upstream rejects them.
    public init(
        config: SessionConfig, transport: any UpstreamTransport, group: any EventLoopGroup, policy: RenewalPolicy = RenewalPolicy(),
        logger: Logger, record: CredentialRecord? = nil, clock: GatewayClock = .system
    ) throws {
        let jar = NIOLockedValueBox(CookieJar(config.cookies))
        let login = try config.login.map {
            try SessionLogin(config: $0, client: SuperOfficeServiceClient(transport: transport, timeout: policy.requestTimeout))
        }
        var fetch: CredentialRenewer.Fetch?
        if let login {
            fetch = { (eventLoop: any EventLoop) -> EventLoopFuture<ObtainedCredential> in
                login.signIn(on: eventLoop).map { (cookies: [String]) -> ObtainedCredential in
                    let now = clock.date()
                    let headers = jar.withLockedValue { jar -> [(String, String)] in
                        _ = jar.absorb(cookies, now: now, markingCredential: true)
                        return jar.headers
                    }
                    return ObtainedCredential(headers: headers, lifetime: .untilRejected)
                }
            }
        }
        self.jar = jar
        self.clock = clock
        self.renewer = CredentialRenewer(
            kind: "session", policy: policy, group: group, logger: logger, record: record, clock: clock,
            initial: ObtainedCredential(headers: jar.withLockedValue { $0.headers }, lifetime: .untilRejected),
            notRenewable: Self.notRenewable, fetch: fetch
        )
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

    public func absorb(setCookies: [String]) {
        guard !setCookies.isEmpty else { return }
        let now = clock.date()
        // Under the jar's lock, so the renewer's headers never go back to an older jar.
        jar.withLockedValue { jar in
            let change = jar.absorb(setCookies, now: now)
            guard change != .none else { return }
            renewer.credentialChanged(headers: jar.headers, newGeneration: change == .credential)
        }
    }

    public var isReady: Bool {
        renewer.isReady
    }

    public var status: CredentialStatus? {
        renewer.record.status
    }
}
