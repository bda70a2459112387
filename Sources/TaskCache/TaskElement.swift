import NIOCore

/// One task of an upstream answer array with its exact bytes, so per-associate answers can be cut out of a
/// combined answer and joined again without re-serialising anything.
public struct TaskElement: Sendable {
    /// The task's `AssociateId` (0 for system tasks).
    public var associateId: Int32
    /// The task's `Id`; upstream orders answers by it.
    public var taskId: Int32
    /// The element exactly as upstream sent it (`{...}` in JSON, `<BatchTaskInfo>...</BatchTaskInfo>` in XML).
    public var bytes: ByteBuffer

    /// Creates an element.
    /// - Parameters:
    ///   - associateId: the task's associate.
    ///   - taskId: the task's id.
    ///   - bytes: the element's exact bytes.
    public init(associateId: Int32, taskId: Int32, bytes: ByteBuffer) {
        self.associateId = associateId
        self.taskId = taskId
        self.bytes = bytes
    }
}
