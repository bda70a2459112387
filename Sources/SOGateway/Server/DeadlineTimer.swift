import NIOCore

/// One event-loop timer for a deadline that mostly moves later, re-armed lazily.
///
/// Moving a deadline later (every request does) only needs the owner to record it: the timer, when it fires
/// early, is armed again for the recorded deadline. Scheduling and cancelling an NIO timer per request phase
/// took the loop's task lock and scanned its timer heap several times per request; this touches the timer
/// only when a deadline moves earlier or about once per timeout. Loop-bound, like the handler that owns it.
struct DeadlineTimer {
    private var scheduled: Scheduled<Void>?
    private var firesAt = NIODeadline.distantFuture

    /// True when the timer will fire no later than `deadline`, so nothing needs to change.
    func isArmed(by deadline: NIODeadline) -> Bool {
        scheduled != nil && firesAt <= deadline
    }

    /// Arms the timer for `deadline`, replacing one armed for later.
    mutating func arm(at deadline: NIODeadline, on loop: any EventLoop, _ fire: @escaping @Sendable () -> Void) {
        scheduled?.cancel()
        firesAt = deadline
        scheduled = loop.scheduleTask(deadline: deadline, fire)
    }

    /// Called first when the timer fired: it is no longer armed.
    mutating func fired() {
        scheduled = nil
        firesAt = .distantFuture
    }

    mutating func cancel() {
        scheduled?.cancel()
        fired()
    }
}
