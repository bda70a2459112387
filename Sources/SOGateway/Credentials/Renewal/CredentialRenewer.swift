import GatewayClock
import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The one renewal driver for every renewable credential kind (system-user tickets, OAuth tokens, web
/// sessions): runs a `RenewalStateMachine` behind a lock and performs its actions, that is, starts the one
/// fetch a renewal needs and completes every waiting request with its outcome. What differs between kinds is
/// only the fetch, and whether there is one at all (a session without `login` cannot be renewed).
final class CredentialRenewer: Sendable {
    /// Obtains a fresh credential (a sign-in, token grant or session login) on the given loop.
    typealias Fetch = @Sendable (any EventLoop) -> EventLoopFuture<ObtainedCredential>
    private typealias Machine = RenewalStateMachine<EventLoopPromise<UpstreamCredential>>

    private let machine: NIOLockedValueBox<Machine>
    private let group: any EventLoopGroup
    /// Nil when the credential cannot be renewed: a rejection then fails the identity for good.
    private let fetch: Fetch?
    /// What a rejected credential fails with when there is no fetch.
    private let notRenewable: any Error
    private let logger: Logger
    /// `system_user`, `oauth` or `session`, for log lines.
    private let kind: String
    /// Renewal margins, back-off and sliding lifetimes are decided on its readings.
    private let clock: GatewayClock
    /// What the status page and metrics learn of each renewal.
    let record: CredentialRecord

    /// - Parameters:
    ///   - initial: a credential known up front (a configured session); nil to obtain one on first use.
    ///   - notRenewable: the error a rejection fails with when `fetch` is nil.
    ///   - fetch: obtains a fresh credential; nil when none can be obtained.
    init(
        kind: String, policy: RenewalPolicy, group: any EventLoopGroup, logger: Logger, record: CredentialRecord? = nil,
        clock: GatewayClock = .system, initial: ObtainedCredential? = nil,
        notRenewable: any Error = CredentialError("The upstream credential cannot be renewed."), fetch: Fetch?
    ) {
        self.kind = kind
        self.clock = clock
        self.record = record ?? CredentialRecord(kind: kind, clock: clock)
        if let initial {
            self.machine = NIOLockedValueBox(
                Machine(initial: initial, now: clock.now(), margin: policy.margin, failureBackoff: policy.failureBackoff)
            )
        } else {
            self.machine = NIOLockedValueBox(Machine(margin: policy.margin, failureBackoff: policy.failureBackoff))
        }
        self.group = group
        self.logger = logger
        self.notRenewable = notRenewable
        self.fetch = fetch
    }

    var isReady: Bool {
        machine.withLockedValue { $0.isReady }
    }

    /// The credential to use now without waiting, or nil; may start a background renewal.
    func current() -> UpstreamCredential? {
        let now = clock.now()
        let action = machine.withLockedValue { $0.peek(now: now) }
        switch action {
        case .use(let credential):
            return credential
        case .useAndRenew(let credential):
            startFetch(on: group.any(), reason: "expires soon")
            return credential
        case .mustObtain:
            return nil
        }
    }

    /// A credential, waiting for the single running (or a new) fetch when none is usable.
    func obtain(on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential> {
        let promise = eventLoop.makePromise(of: UpstreamCredential.self)
        let now = clock.now()
        let action = machine.withLockedValue { $0.request(now: now, waiter: promise) }
        perform(action, promise: promise, on: eventLoop, reason: "none held or lapsed")
        return promise.futureResult
    }

    /// After upstream rejected `failed`: the newer credential, or the outcome of the single renewal. Without a
    /// fetch the identity fails for good, unless a newer credential arrived meanwhile.
    func renew(after failed: UpstreamCredential, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential> {
        let promise = eventLoop.makePromise(of: UpstreamCredential.self)
        guard fetch != nil else {
            reject(failed, promise: promise)
            return promise.futureResult
        }
        let now = clock.now()
        let action = machine.withLockedValue { $0.renew(after: failed.generation, now: now, waiter: promise) }
        perform(action, promise: promise, on: eventLoop, reason: "rejected by SuperOffice")
        return promise.futureResult
    }

    /// The credential's headers changed without a renewal (a session took in `Set-Cookie`).
    func credentialChanged(headers: [(String, String)], newGeneration: Bool) {
        let now = clock.now()
        _ = machine.withLockedValue { $0.credentialChanged(headers: headers, newGeneration: newGeneration, now: now) }
    }

    private func reject(_ failed: UpstreamCredential, promise: EventLoopPromise<UpstreamCredential>) {
        let error = notRenewable
        let (action, wasReady) = machine.withLockedValue { machine in
            let wasReady = machine.isReady
            return (machine.reject(after: failed.generation, error: error), wasReady)
        }
        switch action {
        case .use(let credential):
            promise.succeed(credential)
        case .fail(let error, let waiters):
            if wasReady {
                record.failed(reason: CredentialError.safeDescription(of: error))
                logger.warning("upstream credential rejected and cannot be renewed", metadata: ["credential_kind": .string(kind)])
            }
            promise.fail(error)
            for waiter in waiters { waiter.fail(error) }
        }
    }

    private func perform(_ action: Machine.RequestAction, promise: EventLoopPromise<UpstreamCredential>, on eventLoop: any EventLoop, reason: String) {
        switch action {
        case .use(let credential):
            promise.succeed(credential)
        case .useAndRenew(let credential):
            promise.succeed(credential)
            startFetch(on: eventLoop, reason: "expires soon")
        case .startRenewal:
            startFetch(on: eventLoop, reason: reason)
        case .wait:
            break
        case .fail(let error):
            promise.fail(error)
        }
    }

    private func startFetch(on eventLoop: any EventLoop, reason: String) {
        guard let fetch else {
            finish(.failure(notRenewable))
            return
        }
        logger.info("renewing upstream credential", metadata: ["credential_kind": .string(kind), "reason": .string(reason)])
        let span = record.renewalStarted(reason: reason)
        fetch(eventLoop).whenComplete { result in
            span?.finished(result)
            self.finish(result)
        }
    }

    private func finish(_ result: Result<ObtainedCredential, any Error>) {
        let now = clock.now()
        switch result {
        case .success(let obtained):
            let (credential, waiters) = machine.withLockedValue { $0.renewalSucceeded(obtained, now: now) }
            record.obtained(obtained.lifetime)
            logger.info(
                "upstream credential obtained",
                metadata: ["credential_kind": .string(kind), "generation": .stringConvertible(credential.generation)]
            )
            for waiter in waiters { waiter.succeed(credential) }
        case .failure(let error):
            let waiters = machine.withLockedValue { $0.renewalFailed(error, now: now) }
            let reason = CredentialError.safeDescription(of: error)
            record.failed(reason: reason)
            logger.warning("upstream credential renewal failed", metadata: ["credential_kind": .string(kind), "reason": .string(reason)])
            for waiter in waiters { waiter.fail(error) }
        }
    }
}
