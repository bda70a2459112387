import DequeModule

/// Which associate each task belongs to, learned from every answer stored, so writes that name only task ids
/// (`StopBatchJob`, `UpdateBatchTask`, `DeleteBatchTask(s)`) evict only that associate's entries.
///
/// Bounded: past `capacity` the oldest-learned tasks are forgotten; a write naming a forgotten task evicts
/// everything, which is safe. Not thread-safe; `TaskCacheStore` keeps it under its lock.
struct TaskIndex {
    private var associateByTask: [Int32: Int32] = [:]
    private var learned = Deque<Int32>()
    let capacity: Int

    init(capacity: Int = 262_144) {
        self.capacity = max(capacity, 1)
    }

    /// The number of tasks known.
    var count: Int { associateByTask.count }

    /// Learns tasks and their associates (a task seen again keeps its place).
    mutating func learn(_ tasks: [TaskRef]) {
        for task in tasks {
            if associateByTask.updateValue(task.associateId, forKey: task.id) == nil {
                learned.append(task.id)
            }
        }
        while associateByTask.count > capacity, let oldest = learned.popFirst() {
            associateByTask.removeValue(forKey: oldest)
        }
    }

    /// The associate of a task, when known.
    func associate(of taskId: Int32) -> Int32? {
        associateByTask[taskId]
    }

    /// Forgets everything.
    mutating func removeAll() {
        associateByTask.removeAll()
        learned.removeAll()
    }
}
