import NIOCore

/// The Batch agent calls that change tasks (superoffice-webapi.md §7a), so the cache can evict what each one
/// may have made stale when it passes through the gateway.
public enum BatchWrite: String, Sendable, CaseIterable {
    case startBatchJob = "StartBatchJob"
    case stopBatchJob = "StopBatchJob"
    case updateBatchTask = "UpdateBatchTask"
    case deleteBatchTask = "DeleteBatchTask"
    case deleteBatchTasks = "DeleteBatchTasks"

    /// What this write may make stale, read from its body. `StartBatchJob` names the associate
    /// (`BatchTaskInfo.AssociateId`; 0 or missing = everything); the others name task ids (`Id`,
    /// `BatchTaskInfo.Id`, `BatchTaskId`, `BatchTaskIds`). Anything that cannot be read means everything:
    /// evicting too much costs an upstream call, evicting too little hides a partner's own write.
    /// - Parameters:
    ///   - body: the request body as the partner sent it.
    ///   - contentType: its `Content-Type`.
    ///   - encoded: whether it carries a `Content-Encoding` other than identity (never decoded here).
    public func invalidation(body: ByteBuffer?, contentType: String?, encoded: Bool) -> Invalidation {
        guard !encoded, let body, let fields = BatchWriteFields.read(body, format: BodyFormat(contentType: contentType)) else {
            return .all
        }
        switch self {
        case .startBatchJob:
            guard let associate = fields.infoAssociateId, associate != 0 else { return .all }
            return Invalidation(associates: [associate])
        case .stopBatchJob:
            return fields.id.map { Invalidation(taskIds: [$0]) } ?? .all
        case .updateBatchTask:
            return fields.infoId.map { Invalidation(taskIds: [$0]) } ?? .all
        case .deleteBatchTask:
            return fields.batchTaskId.map { Invalidation(taskIds: [$0]) } ?? .all
        case .deleteBatchTasks:
            // An empty list deletes nothing, so nothing goes stale.
            return fields.batchTaskIds.map { Invalidation(taskIds: $0) } ?? .all
        }
    }
}
