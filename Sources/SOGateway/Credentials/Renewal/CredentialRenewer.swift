import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Runs a `RenewalStateMachine` behind a lock and performs its actions: starts the one fetch a renewal needs
/// and completes every waiting request with its outcome. Shared by the ticket and token providers.
final class CredentialRenewer: Sendable {
    /// Obtains a fresh credential (a login or token grant) on the given loop.
    typealias Fetch = @Sendable (any EventLoop) -> EventLoopFuture<ObtainedCredential>

    private let machine: NIOLockedValueBox<RenewalStateMachine<EventLoopPromise<UpstreamCredential>>>
    private let group: any EventLoopGroup
    private let fetch: Fetch
    private let logger: Logger
    /// `system_user` or `oauth`, for log lines.
    private let kind: String
    /// What the status page and metrics learn of each renewal.
    let record: CredentialRecord

    init(
        kind: String, policy: RenewalPolicy, group: any EventLoopGroup, logger: Logger, record: CredentialRecord? = nil,
        fetch: @escaping Fetch
    ) {
        self.kind = kind
        self.record = record ?? CredentialRecord(kind: kind)
        self.machine = NIOLockedValueBox(RenewalStateMachine(margin: policy.margin, failureBackoff: policy.failureBackoff))
        self.group = group
        self.logger = logger
        self.fetch = fetch
    }

    var isReady: Bool {
        machine.withLockedValue { $0.isReady }
    }

    /// The credential to use now without waiting, or nil; may start a background renewal.
    func current() -> UpstreamCredential? {
        let action = machine.withLockedValue { $0.peek(now: .now()) }
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
        let action = machine.withLockedValue { $0.request(now: .now(), waiter: promise) }
        perform(action, promise: promise, on: eventLoop, reason: "none held or lapsed")
        return promise.futureResult
    }

    /// After upstream rejected `failed`: the newer credential, or the outcome of the single renewal.
    func renew(after failed: UpstreamCredential, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential> {
        let promise = eventLoop.makePromise(of: UpstreamCredential.self)
        let action = machine.withLockedValue { $0.renew(after: failed.generation, now: .now(), waiter: promise) }
        perform(action, promise: promise, on: eventLoop, reason: "rejected by SuperOffice")
        return promise.futureResult
    }

    private func perform(
        _ action: RenewalStateMachine<EventLoopPromise<UpstreamCredential>>.RequestAction,
        promise: EventLoopPromise<UpstreamCredential>, on eventLoop: any EventLoop, reason: String
    ) {
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
        logger.info("renewing upstream credential", metadata: ["credential_kind": .string(kind), "reason": .string(reason)])
        let span = record.renewalStarted(reason: reason)
        fetch(eventLoop).whenComplete { result in
            span?.finished(result)
            switch result {
            case .success(let obtained):
                let (credential, waiters) = self.machine.withLockedValue { $0.renewalSucceeded(obtained, now: .now()) }
                self.record.obtained(obtained.lifetime)
                self.logger.info(
                    "upstream credential obtained",
                    metadata: ["credential_kind": .string(self.kind), "generation": .stringConvertible(credential.generation)]
                )
                for waiter in waiters { waiter.succeed(credential) }
            case .failure(let error):
                let waiters = self.machine.withLockedValue { $0.renewalFailed(error, now: .now()) }
                let reason = CredentialError.safeDescription(of: error)
                self.record.failed(reason: reason)
                self.logger.warning(
                    "upstream credential renewal failed", metadata: ["credential_kind": .string(self.kind), "reason": .string(reason)]
                )
                for waiter in waiters { waiter.fail(error) }
            }
        }
    }
}
