import NIOCore

/// The moment a task's phase was last known exactly: a clock reading and the `advanceJobs` count then. A read
/// projects the phase forward from here, so jobs move on without timers.
struct JobAnchor: Sendable, Equatable {
    var time: NIODeadline
    var manualSteps: Int
}
