/// The tenant's batch tasks as generated at start, deterministically: associate N (known) has (N % 3) + 1 tasks with
/// Ids N*100 + k; associate 0 (the system) has tasks 1 and 2. States follow the Id, so associates with N % 3 == 2
/// have only final tasks and the others running ones (docs/stand-in.md). Visibility depends on the upstream user.
struct BatchTaskCatalog: Sendable {
    var knownAssociates: ClosedRange<Int>
    var restrictedUsers: Set<String>

    /// 2024-03-04T08:00:00Z, the base of every generated date.
    private static let baseEpoch = CivilDateTime(year: 2024, month: 3, day: 4, hour: 8).epochSeconds

    /// The associate's generated tasks ordered by Id, before visibility rules.
    func tasks(forAssociate associateId: Int) -> [BatchTask] {
        if associateId == 0 { return (1...2).map { makeTask(associateId: 0, ordinal: $0) } }
        guard knownAssociates.contains(associateId) else { return [] }
        return (1...(associateId % 3 + 1)).map { makeTask(associateId: associateId, ordinal: $0) }
    }

    /// The generated task with this Id, if it exists (before visibility rules).
    func task(id: Int) -> BatchTask? {
        guard id > 0 else { return nil }
        let associateId = id / 100
        let ordinal = id % 100
        return tasks(forAssociate: associateId).first { $0.ordinal == ordinal }
    }

    /// Whether `user` may see the task: restricted users cannot see tasks whose Id is divisible by 3.
    func isVisible(_ task: BatchTask, to user: String) -> Bool {
        !(restrictedUsers.contains(user) && task.id % 3 == 0)
    }

    private func makeTask(associateId: Int, ordinal: Int) -> BatchTask {
        let id = associateId * 100 + ordinal
        let definitionIndex = (associateId + ordinal) % BatchTaskDefinition.all.count
        let state = BatchTaskState.lifecycle[id % BatchTaskState.lifecycle.count]
        let progress: Int
        switch state {
        case .new, .aquired: progress = 0
        case .succeeded, .succeededManualCleanup: progress = 100
        default: progress = (id * 37) % 100
        }
        let lastStarted = Self.baseEpoch + Int64((id * 3607) % (30 * 86_400))
        let created = lastStarted - Int64(ordinal * 86_400 + 3600)
        return BatchTask(
            id: id, associateId: associateId, ordinal: ordinal, definitionIndex: definitionIndex,
            phase: JobPhase(state: state, progressPercent: progress), lastStartedEpoch: lastStarted, createdEpoch: created
        )
    }
}
