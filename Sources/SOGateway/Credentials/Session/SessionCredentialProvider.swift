import Foundation
import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore
import UpstreamTransport

/// `credentials.session`: a captured web session sent as cookies with `X-XSRF-TOKEN`, kept current from upstream
/// `Set-Cookie`s. On 401 it signs in again (single flight) when `login` is configured; without it the session
/// cannot be renewed: partners get 502 and `/readyz` reports it.
public final class SessionCredentialProvider: CredentialProvider {
    private struct State: Sendable {
        var jar: CookieJar
        var machine: RenewalStateMachine<EventLoopPromise<UpstreamCredential>>
    }

    static let notRenewable = CredentialError(
        "SuperOffice no longer accepts the gateway's web session, and no session login is configured to renew it."
    )

    private let state: NIOLockedValueBox<State>
    private let login: SessionLogin?
    private let logger: Logger
    private let record: CredentialRecord

    /// Starts from the configured cookies; nothing is fetched until upstream rejects them.
    public init(
        config: SessionConfig, transport: any UpstreamTransport, policy: RenewalPolicy = RenewalPolicy(), logger: Logger,
        record: CredentialRecord? = nil
    ) throws {
        let jar = CookieJar(config.cookies)
        let machine = RenewalStateMachine<EventLoopPromise<UpstreamCredential>>(
            initial: ObtainedCredential(headers: jar.headers, lifetime: .untilRejected), now: .now(), margin: policy.margin,
            failureBackoff: policy.failureBackoff
        )
        self.state = NIOLockedValueBox(State(jar: jar, machine: machine))
        self.login = try config.login.map {
            try SessionLogin(config: $0, client: SuperOfficeServiceClient(transport: transport, timeout: policy.requestTimeout))
        }
        self.logger = logger
        self.record = record ?? CredentialRecord(kind: "session")
    }

    public func currentCredential() -> UpstreamCredential? {
        let action = state.withLockedValue { $0.machine.peek(now: .now()) }
        if case .use(let credential) = action { return credential }
        return nil
    }

    public func obtain(on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential> {
        let promise = eventLoop.makePromise(of: UpstreamCredential.self)
        let action = state.withLockedValue { $0.machine.request(now: .now(), waiter: promise) }
        perform(action, promise: promise, on: eventLoop)
        return promise.futureResult
    }

    public func renew(after failed: UpstreamCredential, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential>? {
        let promise = eventLoop.makePromise(of: UpstreamCredential.self)
        guard login != nil else {
            let error = Self.notRenewable
            let (action, wasReady) = state.withLockedValue { state in
                let wasReady = state.machine.isReady
                return (state.machine.reject(after: failed.generation, error: error), wasReady)
            }
            switch action {
            case .use(let credential):
                promise.succeed(credential)
            case .fail(let error, let waiters):
                if wasReady { record.failed(reason: CredentialError.safeDescription(of: error)) }
                if wasReady { logger.warning("upstream web session rejected and cannot be renewed", metadata: ["credential_kind": "session"]) }
                promise.fail(error)
                for waiter in waiters { waiter.fail(error) }
            }
            return promise.futureResult
        }
        let action = state.withLockedValue { $0.machine.renew(after: failed.generation, now: .now(), waiter: promise) }
        perform(action, promise: promise, on: eventLoop)
        return promise.futureResult
    }

    public func absorb(setCookies: [String]) {
        guard !setCookies.isEmpty else { return }
        let now = Date()
        state.withLockedValue { state in
            let change = state.jar.absorb(setCookies, now: now)
            guard change != .none else { return }
            _ = state.machine.credentialChanged(headers: state.jar.headers, newGeneration: change == .credential, now: .now())
        }
    }

    public var isReady: Bool {
        state.withLockedValue { $0.machine.isReady }
    }

    public var status: CredentialStatus? {
        record.status
    }

    private func perform(
        _ action: RenewalStateMachine<EventLoopPromise<UpstreamCredential>>.RequestAction, promise: EventLoopPromise<UpstreamCredential>,
        on eventLoop: any EventLoop
    ) {
        switch action {
        case .use(let credential), .useAndRenew(let credential):
            // Sessions never expire by time, so there is no background renewal to start.
            promise.succeed(credential)
        case .startRenewal:
            signIn(on: eventLoop)
        case .wait:
            break
        case .fail(let error):
            promise.fail(error)
        }
    }

    private func signIn(on eventLoop: any EventLoop) {
        guard let login else {
            let error = Self.notRenewable
            let waiters = state.withLockedValue { $0.machine.renewalFailed(error, now: .now()) }
            record.failed(reason: CredentialError.safeDescription(of: error))
            for waiter in waiters { waiter.fail(error) }
            return
        }
        logger.info("signing the upstream web session in again", metadata: ["credential_kind": "session"])
        let span = record.renewalStarted(reason: "rejected by SuperOffice")
        login.signIn(on: eventLoop).whenComplete { result in
            span?.finished(result)
            switch result {
            case .success(let cookies):
                let now = Date()
                let (credential, waiters) = self.state.withLockedValue { state in
                    _ = state.jar.absorb(cookies, now: now, markingCredential: true)
                    return state.machine.renewalSucceeded(ObtainedCredential(headers: state.jar.headers, lifetime: .untilRejected), now: .now())
                }
                self.record.obtained(.untilRejected)
                self.logger.info(
                    "upstream web session signed in", metadata: ["credential_kind": "session", "generation": .stringConvertible(credential.generation)]
                )
                for waiter in waiters { waiter.succeed(credential) }
            case .failure(let error):
                let waiters = self.state.withLockedValue { $0.machine.renewalFailed(error, now: .now()) }
                let reason = CredentialError.safeDescription(of: error)
                self.record.failed(reason: reason)
                self.logger.warning("upstream web session sign-in failed", metadata: ["credential_kind": "session", "reason": .string(reason)])
                for waiter in waiters { waiter.fail(error) }
            }
        }
    }
}
