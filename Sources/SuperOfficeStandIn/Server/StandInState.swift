import Foundation
import GatewayClock
import NIOCore

/// All mutable state of one stand-in, kept behind a single lock in `StandInCore`.
struct StandInState: Sendable {
    var received: [ReceivedRequest] = []
    var faults: [ArmedRule<StandInFault>] = []
    var holds: [ArmedRule<StandInAnswerGate>] = []
    var credentials: CredentialStore
    /// The batch tasks: generated, changed by writes, moving on with time.
    var tasks: BatchTaskLedger
    var contacts = ContactStore()
    var throttle: StandInThrottle?
    var throttleWindows: [String: ThrottleWindow] = [:]
    /// When on, every session-authenticated API answer sets a fresh XSRF-TOKEN cookie and the old token stops working.
    var rotateXSRFTokens = false
    /// Successful system-user exchanges and OAuth token grants, for "exactly one renewal" assertions.
    var systemUserAuthentications = 0
    var tokenGrants = 0
    /// This server is the wrong host for the tenant (421).
    var misdirected: Bool
    var tenant: TenantStatus
    /// Refresh tokens still honoured: token → user.
    var refreshTokens: [String: String]
    /// How far `advanceClock` has moved the stand-in's notion of now.
    var clockOffset: TimeAmount = .zero
    /// Made on first use (RSA key generation is slow).
    var signingKey: StandInSigningKey?

    init(configuration: StandInConfiguration, now: NIODeadline) {
        credentials = CredentialStore(configuration: configuration, now: now)
        misdirected = configuration.misdirected
        tenant = TenantStatus(state: configuration.tenantState, isRunning: nil, apiURL: configuration.advertisedAPIURL)
        refreshTokens = configuration.refreshTokens
        tasks = BatchTaskLedger(
            catalog: BatchTaskCatalog(knownAssociates: configuration.knownAssociates, restrictedUsers: configuration.restrictedTaskUsers),
            schedule: JobSchedule(step: configuration.jobStep.map(TimeAmount.init)), start: now
        )
    }

    /// The stand-in's monotonic now: the configured clock moved on by `advanceClock`.
    func now(_ clock: GatewayClock) -> NIODeadline {
        clock.now() + clockOffset
    }

    /// The stand-in's wall-clock now in seconds since 1970, moved on by `advanceClock` too.
    func nowEpoch(_ clock: GatewayClock) -> Int64 {
        Int64(clock.date().timeIntervalSince1970.rounded(.down)) + clockOffset.nanoseconds / 1_000_000_000
    }

    /// The signing key, made from the configured PEM or freshly generated on first use.
    mutating func key(configuration: StandInConfiguration) throws -> StandInSigningKey {
        if let signingKey { return signingKey }
        let made = try StandInSigningKey(pem: configuration.signingKeyPEM)
        signingKey = made
        return made
    }

    /// Takes the first armed fault matching `path`, counting it down.
    mutating func takeFault(path: String) -> StandInFault? {
        ArmedRule.take(from: &faults, path: path)
    }

    /// Takes the first armed hold matching `path`, counting it down.
    mutating func takeHold(path: String) -> StandInAnswerGate? {
        ArmedRule.take(from: &holds, path: path)
    }

    /// Counts a request against the throttle; returns the Retry-After seconds when it must be refused.
    mutating func throttled(key: String, now: NIODeadline) -> Int? {
        guard let throttle else { return nil }
        let windowLength = TimeAmount(throttle.window)
        var window = throttleWindows[key] ?? ThrottleWindow(start: now, count: 0)
        if now - window.start >= windowLength {
            window = ThrottleWindow(start: now, count: 0)
        }
        window.count += 1
        throttleWindows[key] = window
        return window.count > throttle.limit ? throttle.retryAfterSeconds : nil
    }
}
