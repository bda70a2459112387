/// Where a task stands in its run: the state and ProgressPercent, which move on together.
struct JobPhase: Sendable, Equatable {
    var state: BatchTaskState
    var progressPercent: Int

    /// The steps from New to a final state (New, Aquired, Started 0/25/50/75, Succeeded), so any phase is final after
    /// at most this many steps.
    static let stepsToFinish = 6

    /// One step of SuperOffice's batch runner (reference §7a): New → Aquired → Started 0 % → 25 → 50 → 75 →
    /// Succeeded 100 %. Final states stay; so does Unknown, which no runner picks up.
    func next() -> JobPhase {
        switch state {
        case .new:
            return JobPhase(state: .aquired, progressPercent: 0)
        case .aquired:
            return JobPhase(state: .started, progressPercent: 0)
        case .started:
            let rounded = (max(progressPercent, 0) / 25 + 1) * 25
            return rounded >= 100 ? JobPhase(state: .succeeded, progressPercent: 100) : JobPhase(state: .started, progressPercent: rounded)
        case .unknown, .succeeded, .failed, .succeededManualCleanup, .all:
            return self
        }
    }

    /// The phase after `steps` steps (negative counts as none).
    func advanced(by steps: Int) -> JobPhase {
        var phase = self
        for _ in 0..<min(max(steps, 0), Self.stepsToFinish) {
            phase = phase.next()
        }
        return phase
    }

    /// Puts the task in `newState`. `progress` nil keeps ProgressPercent, except that New and Aquired mean 0 and
    /// Succeeded and SucceededManualCleanup mean 100, so a phase never reads "New 100".
    mutating func set(_ newState: BatchTaskState, progress: Int? = nil) {
        state = newState
        switch (progress, newState) {
        case (let progress?, _): progressPercent = progress
        case (nil, .new), (nil, .aquired): progressPercent = 0
        case (nil, .succeeded), (nil, .succeededManualCleanup): progressPercent = 100
        default: break
        }
    }
}
