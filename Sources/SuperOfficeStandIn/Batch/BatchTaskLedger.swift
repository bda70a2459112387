import NIOCore

/// The tenant's batch tasks as they are now: the generated catalog, what writes did to it (reference §7a) and how
/// far jobs have moved on. Every read projects a task's phase to `now`, so no timer runs and a test's clock decides.
struct BatchTaskLedger: Sendable {
    /// Tasks started at run time get Ids from here up, far above the generated N*100+k.
    static let firstCreatedId = 1_000_000_000

    let catalog: BatchTaskCatalog
    let schedule: JobSchedule
    /// Generated tasks that no write touched count their steps from here (the stand-in's start).
    let origin: JobAnchor
    /// Steps added by `advance(steps:)` so far.
    private(set) var manualSteps = 0
    private var deleted: Set<Int> = []
    /// Tasks changed or started at run time, by Id; each carries its own anchor.
    private var changed: [Int: BatchTask] = [:]
    /// Started task Ids by associate, ascending.
    private var startedIds: [Int: [Int]] = [:]
    private var nextId = BatchTaskLedger.firstCreatedId

    init(catalog: BatchTaskCatalog, schedule: JobSchedule, start: NIODeadline) {
        self.catalog = catalog
        self.schedule = schedule
        origin = JobAnchor(time: start, manualSteps: 0)
    }

    /// The associate's tasks as of `now`, ordered by Id, before visibility rules.
    func tasks(forAssociate associateId: Int, now: NIODeadline) -> [BatchTask] {
        let generated = catalog.tasks(forAssociate: associateId).filter { !deleted.contains($0.id) }.map { changed[$0.id] ?? $0 }
        let started = (startedIds[associateId] ?? []).filter { !deleted.contains($0) }.compactMap { changed[$0] }
        return (generated + started).map { projected($0, now: now) }
    }

    /// The task with this Id as of `now`, or nil when it never existed or was deleted.
    func task(id: Int, now: NIODeadline) -> BatchTask? {
        guard !deleted.contains(id) else { return nil }
        if let task = changed[id] { return projected(task, now: now) }
        guard id < Self.firstCreatedId, let task = catalog.task(id: id) else { return nil }
        return projected(task, now: now)
    }

    /// Adds a task in state New for `associateId` and returns its Id (nil once int32 Ids run out).
    mutating func start(_ request: StartRequest, now: NIODeadline, nowEpoch: Int64) -> Int? {
        guard nextId < Int(Int32.max) else { return nil }
        let id = nextId
        nextId += 1
        let definitions = BatchTaskDefinition.all
        let wanted = request.name?.lowercased()
        let definitionIndex = definitions.firstIndex { $0.name.lowercased() == wanted } ?? id % definitions.count
        var task = BatchTask(
            id: id, associateId: request.associateId, ordinal: 1, definitionIndex: definitionIndex,
            phase: JobPhase(state: .new, progressPercent: 0), lastStartedEpoch: nowEpoch, createdEpoch: nowEpoch
        )
        task.anchor = JobAnchor(time: now, manualSteps: manualSteps)
        task.nameOverride = request.name
        task.descriptionOverride = request.description
        task.requestOverride = request.request
        changed[id] = task
        startedIds[request.associateId, default: []].append(id)
        return id
    }

    /// What `StartBatchJob` takes from its `BatchTaskInfo`.
    struct StartRequest: Sendable {
        var associateId: Int
        var name: String?
        var description: String?
        var request: String?
    }

    /// Changes a task as of `now` and re-anchors it there; nil when there is no such task.
    mutating func change(id: Int, now: NIODeadline, _ body: (inout BatchTask) -> Void) -> BatchTask? {
        guard var task = task(id: id, now: now) else { return nil }
        body(&task)
        task.anchor = JobAnchor(time: now, manualSteps: manualSteps)
        changed[id] = task
        return task
    }

    mutating func delete(_ ids: some Sequence<Int>) {
        deleted.formUnion(ids)
    }

    /// Moves every task that is not final `steps` steps on.
    mutating func advance(steps: Int) {
        manualSteps = min(manualSteps + min(max(steps, 0), 1 << 40), 1 << 41)
    }

    private func projected(_ task: BatchTask, now: NIODeadline) -> BatchTask {
        let steps = schedule.steps(since: task.anchor ?? origin, now: now, manualSteps: manualSteps)
        guard steps > 0 else { return task }
        var moved = task
        moved.phase = task.phase.advanced(by: steps)
        return moved
    }
}
