/// What a write (or a purge) makes stale: answers of some associates, answers holding some tasks, or
/// everything. One value for local writes, admin purges and invalidations heard from other replicas.
public struct Invalidation: Sendable, Equatable {
    /// Associates whose entries go (every identity's).
    public var associates: [Int32]
    /// Tasks whose associates' entries go; a task the index does not know makes it everything.
    public var taskIds: [Int32]
    /// Every entry goes.
    public var everything: Bool

    /// Creates an invalidation.
    public init(associates: [Int32] = [], taskIds: [Int32] = [], everything: Bool = false) {
        self.associates = associates
        self.taskIds = taskIds
        self.everything = everything
    }

    /// Everything.
    public static let all = Invalidation(everything: true)
}

/// What an invalidation did once task ids were resolved, so a replica can tell the others exactly what to drop.
public struct InvalidationResult: Sendable, Equatable {
    /// Entries removed.
    public var removed: Int
    /// The invalidation with task ids resolved to associates where the index knew them.
    public var resolved: Invalidation
}
