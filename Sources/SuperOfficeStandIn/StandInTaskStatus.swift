/// One batch task as the stand-in holds it right now, for tests that assert the truth upstream.
public struct StandInTaskStatus: Sendable, Equatable {
    public var id: Int
    public var associateId: Int
    public var state: BatchTaskState
    public var progressPercent: Int

    public init(id: Int, associateId: Int, state: BatchTaskState, progressPercent: Int) {
        self.id = id
        self.associateId = associateId
        self.state = state
        self.progressPercent = progressPercent
    }
}
