import NIOCore

/// All mutable state of one stand-in, kept behind a single lock in `StandInCore`.
struct StandInState: Sendable {
    var received: [ReceivedRequest] = []
    var faults: [FaultRule] = []
    var credentials: CredentialStore
    var deletedTaskIds: Set<Int> = []
    var contacts = ContactStore()
    var throttle: StandInThrottle?
    var throttleWindows: [String: ThrottleWindow] = [:]
    /// When on, every session-authenticated API answer sets a fresh XSRF-TOKEN cookie and the old token stops working.
    var rotateXSRFTokens = false

    init(configuration: StandInConfiguration, now: NIODeadline) {
        credentials = CredentialStore(configuration: configuration, now: now)
    }

    /// Takes the first armed fault matching `path`, counting it down.
    mutating func takeFault(path: String) -> StandInFault? {
        guard let index = faults.firstIndex(where: { $0.remaining > 0 && $0.matches(path: path) }) else { return nil }
        let fault = faults[index].fault
        faults[index].remaining -= 1
        if faults[index].remaining <= 0 { faults.remove(at: index) }
        return fault
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
