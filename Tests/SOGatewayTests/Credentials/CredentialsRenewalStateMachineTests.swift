import NIOCore
import Testing

@testable import SOGateway

/// Drives the renewal state machine directly (no sockets, no clock): single flight, generations, proactive
/// renewal, failures and the session-only events.
struct CredentialsRenewalStateMachineTests {
    typealias Machine = RenewalStateMachine<Int>

    let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    func machine(margin: TimeAmount = .minutes(5), backoff: TimeAmount = .seconds(2)) -> Machine {
        Machine(margin: margin, failureBackoff: backoff)
    }

    func obtained(_ value: String, _ lifetime: CredentialLifetime = .untilRejected) -> ObtainedCredential {
        ObtainedCredential(headers: [("Authorization", value)], lifetime: lifetime)
    }

    func isStart(_ action: Machine.RequestAction) -> Bool {
        if case .startRenewal = action { return true }
        return false
    }

    func isWait(_ action: Machine.RequestAction) -> Bool {
        if case .wait = action { return true }
        return false
    }

    func used(_ action: Machine.RequestAction) -> UpstreamCredential? {
        if case .use(let credential) = action { return credential }
        return nil
    }

    @Test func fiftyRequestsWithoutACredentialStartExactlyOneFetchAndAllGetItsResult() {
        var machine = machine()
        let actions = (0..<50).map { machine.request(now: start, waiter: $0) }
        #expect(actions.filter(isStart).count == 1)
        #expect(actions.filter(isWait).count == 49)
        let (credential, waiters) = machine.renewalSucceeded(obtained("SOTicket 7T:a"), now: start)
        #expect(credential.generation == 1)
        #expect(waiters == Array(0..<50))
        #expect(used(machine.request(now: start, waiter: 99))?.generation == 1)
    }

    @Test func fiftyRequestsRejectedWithTheSameGenerationCauseOneRenewal() {
        var machine = machine()
        _ = machine.request(now: start, waiter: 0)
        _ = machine.renewalSucceeded(obtained("SOTicket 7T:a"), now: start)
        let actions = (0..<50).map { machine.renew(after: 1, now: start, waiter: $0) }
        #expect(actions.filter(isStart).count == 1)
        #expect(actions.filter(isWait).count == 49)
        let (credential, waiters) = machine.renewalSucceeded(obtained("SOTicket 7T:b"), now: start)
        #expect(credential.generation == 2)
        #expect(waiters.count == 50)
    }

    @Test func aLate401ForAnOlderGenerationGetsTheRenewedCredentialWithoutAnotherRenewal() {
        var machine = machine()
        _ = machine.request(now: start, waiter: 0)
        _ = machine.renewalSucceeded(obtained("SOTicket 7T:a"), now: start)
        _ = machine.renew(after: 1, now: start, waiter: 1)
        _ = machine.renewalSucceeded(obtained("SOTicket 7T:b"), now: start)
        let late = machine.renew(after: 1, now: start, waiter: 2)
        #expect(used(late)?.generation == 2)
        #expect(used(late)?.headers.first?.1 == "SOTicket 7T:b")
    }

    @Test func aFailedFetchFailsEveryWaiterThenFailsFastUntilTheBackoffPasses() {
        var machine = machine(backoff: .seconds(2))
        _ = machine.request(now: start, waiter: 0)
        _ = machine.request(now: start, waiter: 1)
        let failed = machine.renewalFailed(CredentialError("refused"), now: start)
        #expect(failed == [0, 1])
        #expect(!machine.isReady)
        if case .fail(let error) = machine.request(now: start + .seconds(1), waiter: 2) {
            #expect((error as? CredentialError)?.partnerMessage == "refused")
        } else {
            Issue.record("expected a fast failure within the backoff")
        }
        #expect(isStart(machine.request(now: start + .seconds(2), waiter: 3)))
        _ = machine.renewalSucceeded(obtained("Bearer 8A:x"), now: start + .seconds(3))
        #expect(machine.isReady)
    }

    @Test func aTokenNearItsExpiryIsStillUsedWhileOneBackgroundRenewalRuns() {
        var machine = machine(margin: .minutes(5))
        _ = machine.request(now: start, waiter: 0)
        _ = machine.renewalSucceeded(obtained("Bearer 8A:a", .fixed(.minutes(60))), now: start)
        if case .use(let credential) = machine.peek(now: start + .minutes(54)) {
            #expect(credential.generation == 1)
        } else {
            Issue.record("a token with 6 minutes left should be used as it is")
        }
        let nearExpiry = start + .minutes(56)
        guard case .useAndRenew(let first) = machine.peek(now: nearExpiry) else {
            Issue.record("a token inside the margin should trigger a background renewal")
            return
        }
        #expect(first.generation == 1)
        for _ in 0..<20 {
            guard case .use(let credential) = machine.peek(now: nearExpiry) else {
                Issue.record("requests during the background renewal should keep using the old token")
                return
            }
            #expect(credential.generation == 1)
        }
        let (renewed, waiters) = machine.renewalSucceeded(obtained("Bearer 8A:b", .fixed(.minutes(60))), now: nearExpiry)
        #expect(renewed.generation == 2)
        #expect(waiters.isEmpty)
    }

    @Test func anExpiredTokenIsNotUsedButWaitsForTheRenewal() {
        var machine = machine(margin: .minutes(5))
        _ = machine.request(now: start, waiter: 0)
        _ = machine.renewalSucceeded(obtained("Bearer 8A:a", .fixed(.minutes(60))), now: start)
        #expect(isStart(machine.request(now: start + .minutes(61), waiter: 1)))
        #expect(isWait(machine.request(now: start + .minutes(61), waiter: 2)))
    }

    @Test func aFailedBackgroundRenewalKeepsTheOldTokenAndWaitsForTheBackoffBeforeTryingAgain() {
        var machine = machine(margin: .minutes(5), backoff: .seconds(30))
        _ = machine.request(now: start, waiter: 0)
        _ = machine.renewalSucceeded(obtained("Bearer 8A:a", .fixed(.minutes(60))), now: start)
        let nearExpiry = start + .minutes(56)
        guard case .useAndRenew = machine.peek(now: nearExpiry) else {
            Issue.record("expected a background renewal")
            return
        }
        #expect(machine.renewalFailed(CredentialError("down"), now: nearExpiry).isEmpty)
        #expect(machine.isReady)
        guard case .use(let kept) = machine.peek(now: nearExpiry + .seconds(10)) else {
            Issue.record("the old token should stay in use during the backoff")
            return
        }
        #expect(kept.generation == 1)
        guard case .useAndRenew = machine.peek(now: nearExpiry + .seconds(31)) else {
            Issue.record("after the backoff a new background renewal should start")
            return
        }
    }

    @Test func a401DuringABackgroundRenewalDropsTheRejectedTokenAndWaits() {
        var machine = machine(margin: .minutes(5))
        _ = machine.request(now: start, waiter: 0)
        _ = machine.renewalSucceeded(obtained("Bearer 8A:a", .fixed(.minutes(60))), now: start)
        let nearExpiry = start + .minutes(56)
        _ = machine.peek(now: nearExpiry)
        #expect(isWait(machine.renew(after: 1, now: nearExpiry, waiter: 1)))
        guard case .mustObtain = machine.peek(now: nearExpiry) else {
            Issue.record("a token upstream rejected must not be handed out again")
            return
        }
        let (_, waiters) = machine.renewalSucceeded(obtained("Bearer 8A:b", .fixed(.minutes(60))), now: nearExpiry)
        #expect(waiters == [1])
    }

    @Test func aSlidingTicketStaysFreshWhileUsedAndIsRenewedAfterLongIdleness() {
        var machine = machine(margin: .minutes(5))
        _ = machine.request(now: start, waiter: 0)
        _ = machine.renewalSucceeded(obtained("SOTicket 7T:a", .sliding(window: .hours(6))), now: start)
        var now = start
        for _ in 0..<10 {
            now = now + .hours(5)
            guard case .use = machine.peek(now: now) else {
                Issue.record("a ticket used every 5 hours should never lapse")
                return
            }
        }
        guard case .mustObtain = machine.peek(now: now + .hours(5) + .minutes(56)) else {
            Issue.record("a ticket idle for almost 6 hours should be renewed before use")
            return
        }
    }

    @Test func aLifetimeShorterThanTwiceTheMarginRenewsAtItsHalfInsteadOfOnEveryUse() {
        var machine = machine(margin: .minutes(5))
        _ = machine.request(now: start, waiter: 0)
        _ = machine.renewalSucceeded(obtained("Bearer 8A:a", .fixed(.seconds(60))), now: start)
        guard case .use = machine.peek(now: start + .seconds(29)) else {
            Issue.record("a 60 s token should be used plainly for its first half")
            return
        }
        guard case .useAndRenew = machine.peek(now: start + .seconds(31)) else {
            Issue.record("a 60 s token should be renewed in its second half")
            return
        }
    }

    @Test func aCredentialThatCannotBeRenewedFailsForGoodUnlessANewerOneExists() {
        var machine = Machine(
            initial: obtained("cookies"), now: start, margin: .minutes(5), failureBackoff: .seconds(1)
        )
        guard case .use(let first) = machine.peek(now: start) else {
            Issue.record("a configured session is usable from the start")
            return
        }
        _ = machine.credentialChanged(headers: [("Cookie", "rotated")], newGeneration: true, now: start)
        if case .use(let newer) = machine.reject(after: first.generation, error: CredentialError("gone")) {
            #expect(newer.generation == 2)
        } else {
            Issue.record("a 401 for headers already replaced should replay with the new ones")
        }
        guard case .fail = machine.reject(after: 2, error: CredentialError("gone")) else {
            Issue.record("a rejected current session without login should fail")
            return
        }
        #expect(!machine.isReady)
        guard case .fail = machine.request(now: start + .hours(1), waiter: 1) else {
            Issue.record("a session given up on never retries by itself")
            return
        }
    }

    @Test func onlyCredentialCookieChangesMakeANewGenerationAndTheyReviveAGivenUpSession() {
        var machine = Machine(initial: obtained("cookies"), now: start, margin: .minutes(5), failureBackoff: .seconds(1))
        let other = machine.credentialChanged(headers: [("Cookie", "with affinity")], newGeneration: false, now: start)
        #expect(other?.generation == 1)
        #expect(other?.headers.first?.1 == "with affinity")
        _ = machine.reject(after: 1, error: CredentialError("gone"))
        #expect(machine.credentialChanged(headers: [("Cookie", "x")], newGeneration: false, now: start) == nil)
        #expect(!machine.isReady)
        let revived = machine.credentialChanged(headers: [("Cookie", "fresh xsrf")], newGeneration: true, now: start)
        #expect(revived?.generation == 2)
        #expect(machine.isReady)
    }
}
