import Coalescing
import NIOCore

/// The lifecycle of one upstream identity's credential as a value: events go in, actions come out, and the
/// caller performs the I/O. Keeping it free of I/O makes single flight provable in unit tests: however many
/// requests see a 401 or an expiry, exactly one renewal is started.
///
/// States: `idle` (nothing obtained yet) → `renewing(flight)` → `valid(credential)` or `failed`; a valid
/// credential near its expiry moves to `renewing` while still being handed out (background renewal).
struct RenewalStateMachine<Waiter: Sendable>: Sendable {
    enum State: Sendable {
        case idle
        case valid(HeldCredential)
        /// `previous` is still usable while it lasts (background renewal); the flight's waiters need the new
        /// credential.
        case renewing(previous: HeldCredential?, flight: Flight<Waiter>)
        /// `retryAt` nil: the credential cannot be renewed at all (a session without login).
        case failed(any Error, retryAt: NIODeadline?)
    }

    /// What a request without a waiter (the synchronous fast path) should do.
    enum PeekAction {
        case use(UpstreamCredential)
        /// Use it, and start a background renewal (the caller runs it).
        case useAndRenew(UpstreamCredential)
        /// Nothing usable without waiting: call `request` with a waiter.
        case mustObtain
    }

    /// What to do for a request (or a 401) that brought a waiter.
    enum RequestAction {
        /// Complete the waiter with this credential now (it was not enqueued).
        case use(UpstreamCredential)
        /// Complete the waiter with this credential now and start a background renewal.
        case useAndRenew(UpstreamCredential)
        /// The waiter was enqueued; start the renewal (exactly one caller gets this per renewal).
        case startRenewal
        /// The waiter was enqueued behind the renewal already running.
        case wait
        /// Fail the waiter (it was not enqueued).
        case fail(any Error)
    }

    private(set) var state: State = .idle
    /// The generation of the newest credential handed out; the first credential is generation 1.
    private(set) var generation = 0
    let margin: TimeAmount
    let failureBackoff: TimeAmount

    init(margin: TimeAmount, failureBackoff: TimeAmount) {
        self.margin = margin
        self.failureBackoff = failureBackoff
    }

    /// Starts from a credential known up front (a configured session).
    init(initial: ObtainedCredential, now: NIODeadline, margin: TimeAmount, failureBackoff: TimeAmount) {
        self.margin = margin
        self.failureBackoff = failureBackoff
        self.generation = 1
        let credential = UpstreamCredential(headers: initial.headers, generation: 1)
        self.state = .valid(HeldCredential(credential: credential, lifetime: initial.lifetime, obtainedAt: now, lastUsed: now))
    }

    /// False once an attempt failed (until one succeeds) or the credential turned out not to be renewable.
    var isReady: Bool {
        if case .failed = state { return false }
        return true
    }

    /// The fast path: a usable credential without enqueuing anything.
    mutating func peek(now: NIODeadline) -> PeekAction {
        switch state {
        case .valid(var held):
            switch held.phase(now: now, margin: margin) {
            case .fresh:
                held.lastUsed = now
                state = .valid(held)
                return .use(held.credential)
            case .renewSoon:
                held.lastUsed = now
                state = .renewing(previous: held, flight: Flight())
                return .useAndRenew(held.credential)
            case .lapsed:
                return .mustObtain
            }
        case .renewing(var previous?, let flight) where previous.phase(now: now, margin: margin) != .lapsed:
            previous.lastUsed = now
            state = .renewing(previous: previous, flight: flight)
            return .use(previous.credential)
        case .idle, .renewing, .failed:
            return .mustObtain
        }
    }

    /// A request needs a credential and can wait for one.
    mutating func request(now: NIODeadline, waiter: Waiter) -> RequestAction {
        switch peek(now: now) {
        case .use(let credential):
            return .use(credential)
        case .useAndRenew(let credential):
            return .useAndRenew(credential)
        case .mustObtain:
            return enqueue(waiter, now: now, discardingUpTo: nil)
        }
    }

    /// Upstream answered 401 to a request sent with generation `failedGeneration`: returns the newer credential
    /// when one exists already, else joins (or starts) the single renewal.
    mutating func renew(after failedGeneration: Int, now: NIODeadline, waiter: Waiter) -> RequestAction {
        switch state {
        case .valid(var held) where held.credential.generation > failedGeneration:
            held.lastUsed = now
            state = .valid(held)
            return .use(held.credential)
        case .renewing(let previous?, _) where previous.credential.generation > failedGeneration:
            return .use(previous.credential)
        default:
            return enqueue(waiter, now: now, discardingUpTo: failedGeneration)
        }
    }

    /// Upstream rejected generation `failedGeneration` and this kind of credential cannot be renewed: returns a
    /// newer credential when one exists, else the provider is failed for good.
    mutating func reject(after failedGeneration: Int, error: any Error) -> RejectAction {
        switch state {
        case .valid(let held) where held.credential.generation > failedGeneration:
            return .use(held.credential)
        case .renewing(let previous, let flight):
            if let previous, previous.credential.generation > failedGeneration {
                return .use(previous.credential)
            }
            state = .failed(error, retryAt: nil)
            return .fail(error, waiters: flight.land())
        case .failed(let existing, _):
            return .fail(existing, waiters: [])
        case .idle, .valid:
            state = .failed(error, retryAt: nil)
            return .fail(error, waiters: [])
        }
    }

    /// What `reject` decided.
    enum RejectAction {
        case use(UpstreamCredential)
        /// Fail the caller, and these waiters too.
        case fail(any Error, waiters: [Waiter])
    }

    /// The renewal produced a credential: it becomes the next generation; every waiter gets it.
    mutating func renewalSucceeded(_ obtained: ObtainedCredential, now: NIODeadline) -> (UpstreamCredential, [Waiter]) {
        generation += 1
        let credential = UpstreamCredential(headers: obtained.headers, generation: generation)
        let waiters: [Waiter]
        if case .renewing(_, let flight) = state {
            waiters = flight.land()
        } else {
            waiters = []
        }
        state = .valid(HeldCredential(credential: credential, lifetime: obtained.lifetime, obtainedAt: now, lastUsed: now))
        return (credential, waiters)
    }

    /// The renewal failed: waiters fail with `error`; a previous credential that still lasts stays in use.
    mutating func renewalFailed(_ error: any Error, now: NIODeadline) -> [Waiter] {
        guard case .renewing(let previous, let flight) = state else { return [] }
        let waiters = flight.land()
        if var previous, previous.phase(now: now, margin: margin) != .lapsed {
            previous.renewNotBefore = now + failureBackoff
            state = .valid(previous)
        } else {
            state = .failed(error, retryAt: now + failureBackoff)
        }
        return waiters
    }

    /// The credential's headers changed without a renewal (a session absorbed `Set-Cookie`). When `newGeneration`
    /// (a credential cookie changed), the change counts as a new credential, so a request that failed with the old
    /// headers replays with the new ones, and a session given up on is alive again (upstream just served it).
    /// Otherwise only the headers are refreshed. Nil when nothing is held (a renewal is running).
    mutating func credentialChanged(headers: [(String, String)], newGeneration: Bool, now: NIODeadline) -> UpstreamCredential? {
        switch state {
        case .valid(var held):
            held.credential = nextCredential(headers, newGeneration: newGeneration)
            state = .valid(held)
            return held.credential
        case .renewing(var previous?, let flight):
            previous.credential = nextCredential(headers, newGeneration: newGeneration)
            state = .renewing(previous: previous, flight: flight)
            return previous.credential
        case .idle, .failed:
            guard newGeneration else { return nil }
            let credential = nextCredential(headers, newGeneration: true)
            state = .valid(HeldCredential(credential: credential, lifetime: .untilRejected, obtainedAt: now, lastUsed: now))
            return credential
        case .renewing:
            return nil
        }
    }

    private mutating func nextCredential(_ headers: [(String, String)], newGeneration: Bool) -> UpstreamCredential {
        if newGeneration { generation += 1 }
        return UpstreamCredential(headers: headers, generation: generation)
    }

    /// Enqueues `waiter`, starting a renewal when none runs. `discardingUpTo` drops a background-renewal
    /// predecessor that upstream has just rejected.
    private mutating func enqueue(_ waiter: Waiter, now: NIODeadline, discardingUpTo rejected: Int?) -> RequestAction {
        switch state {
        case .renewing(var previous, var flight):
            if let rejected, let held = previous, held.credential.generation <= rejected {
                previous = nil
            }
            flight.join(waiter)
            state = .renewing(previous: previous, flight: flight)
            return .wait
        case .failed(let error, let retryAt):
            guard let retryAt, now >= retryAt else { return .fail(error) }
            state = .renewing(previous: nil, flight: Flight(leader: waiter))
            return .startRenewal
        case .idle, .valid:
            state = .renewing(previous: nil, flight: Flight(leader: waiter))
            return .startRenewal
        }
    }
}
