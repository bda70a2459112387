import NIOCore

/// What the cache must know about an answer before storing it: whether a task in it may still move on at
/// SuperOffice's side (then it is fresh only for `cache.active_ttl`), and which associate each task belongs
/// to (so a write naming only a task id evicts just that associate's entries).
///
/// Read once per stored answer, never on a hit. Tolerant where the splitter is strict: `$select` may null or
/// leave out any field. A task whose `State` cannot be read counts as active; so does an answer that cannot
/// be read at all.
public struct TaskAnswerFacts: Sendable, Equatable {
    /// True when some task's `State` is not final (Succeeded, Failed, SucceededManualCleanup or 4, 5, 6) or
    /// cannot be read. False for empty answers and answers holding only finished tasks.
    public var hasActiveTask: Bool
    /// Every task whose `Id` and `AssociateId` are both integers.
    public var tasks: [TaskRef]

    /// Creates facts.
    /// - Parameters:
    ///   - hasActiveTask: whether a task may still change.
    ///   - tasks: the tasks with readable ids.
    public init(hasActiveTask: Bool, tasks: [TaskRef]) {
        self.hasActiveTask = hasActiveTask
        self.tasks = tasks
    }

    /// What is assumed of an answer that cannot be read: it may change, and names no task.
    public static let unreadable = TaskAnswerFacts(hasActiveTask: true, tasks: [])

    /// Reads the facts of an answer array.
    /// - Parameters:
    ///   - body: the uncompressed answer.
    ///   - representation: JSON or XML.
    public static func read(_ body: ByteBuffer, representation: Representation) -> TaskAnswerFacts {
        body.withUnsafeReadableBytes { bytes in
            switch representation {
            case .json: return (try? readJSON(bytes)) ?? .unreadable
            case .xml: return (try? readXML(bytes)) ?? .unreadable
            }
        }
    }

    /// One task's fields as far as they could be read.
    struct TaskFields {
        var id: Int32?
        var associateId: Int32?
        var isFinal = false

        func add(to facts: inout TaskAnswerFacts) {
            if !isFinal { facts.hasActiveTask = true }
            if let id, let associateId { facts.tasks.append(TaskRef(id: id, associateId: associateId)) }
        }
    }
}

/// A task and the associate it belongs to.
public struct TaskRef: Sendable, Hashable {
    /// The task's `Id`.
    public var id: Int32
    /// The task's `AssociateId` (0 for system tasks).
    public var associateId: Int32

    /// Creates a reference.
    public init(id: Int32, associateId: Int32) {
        self.id = id
        self.associateId = associateId
    }
}
