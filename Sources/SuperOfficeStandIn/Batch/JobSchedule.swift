import NIOCore

/// How far jobs have moved on since an anchor: one step per `step` of clock time (nil = never by time) plus every
/// step `advanceJobs` added since.
struct JobSchedule: Sendable {
    var step: TimeAmount?

    func steps(since anchor: JobAnchor, now: NIODeadline, manualSteps: Int) -> Int {
        var steps = manualSteps - anchor.manualSteps
        if let step, step > .zero, now > anchor.time {
            steps += Int((now - anchor.time).nanoseconds / step.nanoseconds)
        }
        return steps
    }
}
