import NIOConcurrencyHelpers
import NIOCore

/// Run-time control of the batch tasks (issue 14): jobs moving on, set states, held answers and call counts, so the
/// gateway's cache tests can stage exactly the upstream history they need.
extension SuperOfficeStandIn {
    /// The task as it is now (state projected to the stand-in's clock), or nil when it does not exist or was deleted.
    public func task(id: Int) -> StandInTaskStatus? {
        core.state.withLockedValue { state in
            state.tasks.task(id: id, now: state.now(core.configuration.clock)).map {
                StandInTaskStatus(id: $0.id, associateId: $0.associateId, state: $0.state, progressPercent: $0.phase.progressPercent)
            }
        }
    }

    /// Puts a task in `state` now; it moves on from there like any task. `progress` nil keeps the current
    /// ProgressPercent, except that New and Aquired set 0 and Succeeded and SucceededManualCleanup set 100.
    /// - Returns: false when the task does not exist (or `state` is `.all`, which is only a filter).
    @discardableResult
    public func setTaskState(id: Int, state newState: BatchTaskState, progress: Int? = nil) -> Bool {
        guard newState != .all else { return false }
        return core.state.withLockedValue { state in
            let changed = state.tasks.change(id: id, now: state.now(core.configuration.clock)) { task in
                task.phase.set(newState, progress: progress)
            }
            return changed != nil
        }
    }

    /// Moves every task that is not final `steps` steps on at once (New → Aquired → Started 0/25/50/75 →
    /// Succeeded), whatever `jobStep` says.
    public func advanceJobs(steps: Int = 1) {
        core.state.withLockedValue { $0.tasks.advance(steps: steps) }
    }

    /// Holds the answers to the next `times` requests whose path contains `pathContaining` (case-insensitive; nil =
    /// any): each is computed when its request arrives and sent only after `release()` on the returned gate.
    public func holdAnswers(pathContaining: String? = nil, times: Int = 1) -> StandInAnswerGate {
        let gate = StandInAnswerGate()
        guard times > 0 else { return gate }
        core.state.withLockedValue { $0.holds.append(ArmedRule(payload: gate, pathContaining: pathContaining, remaining: times)) }
        return gate
    }

    /// How many POSTs invoked the Batch agent method `method` (case-insensitive, exact name: `DeleteBatchTask` does
    /// not count `DeleteBatchTasks`), faulted and rejected ones included.
    public func batchCallCount(_ method: String) -> Int {
        let wanted = method.lowercased()
        return core.state.withLockedValue { state in
            state.received.filter { request in
                guard request.method == "POST" else { return false }
                let segments = request.path.lowercased().split(separator: "/")
                return segments.count >= 3 && segments.last.map(String.init) == wanted
                    && segments[segments.count - 2] == "batch" && segments[segments.count - 3] == "agents"
            }.count
        }
    }
}
