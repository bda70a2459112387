import NIOCore
import NIOHTTP1
import TaskCache

/// Read-your-writes for the task cache: a Batch agent write that passes through the gateway (`StartBatchJob`,
/// `StopBatchJob`, `UpdateBatchTask`, `DeleteBatchTask(s)`) evicts every entry, of every identity, that may
/// hold a task it changed — whatever the outcome, because a write that timed out or was reset may still have
/// happened upstream. The write itself is forwarded unchanged.
///
/// Eviction happens when the write's answer is in (or failed) — locally, in the shared tier and on the bus — and bumps the associates' invalidation
/// generation in the same lock, so a fill that read upstream before the write is not stored after it
/// (`TaskCacheStore.put(_:_:tasks:ticket:)`), and requests after it never join such a fill.
public struct TaskWriteStage: GatewayStage {
    let state: TaskCacheState

    public init(state: TaskCacheState) {
        self.state = state
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        guard case .taskWrite(let write, _) = request.route else {
            return next(request)
        }
        let invalidation = write.invalidation(
            body: request.body, contentType: request.head.headers.first(name: "Content-Type"),
            encoded: TaskBodyEncoding.isEncoded(request.head.headers)
        )
        let state = self.state
        let loop = request.eventLoop
        let answered = loop.makePromise(of: GatewayResponse.self)
        next(request).whenComplete { result in
            if write == .startBatchJob, case .success(let response) = result, let learned = Self.startedTask(response, invalidation) {
                state.store.learn([learned])
            }
            // The partner hears the write's answer once the shared tier dropped what it changed (bounded by
            // `cache.shared_timeout`), so its next read finds nothing stale through any replica.
            guard let shared = state.invalidate(invalidation, reason: .write, on: loop).shared else {
                answered.completeWith(result)
                return
            }
            shared.whenComplete { _ in answered.completeWith(result) }
        }
        return answered.futureResult
    }

    /// The task a successful `StartBatchJob` created (its answer is the new id), so a later write naming it
    /// finds its associate without evicting everything.
    static func startedTask(_ response: GatewayResponse, _ invalidation: Invalidation) -> TaskRef? {
        guard response.status == .ok, response.annotations.wentUpstream, invalidation.associates.count == 1,
            response.headers.first(name: "Content-Encoding").map({ $0.lowercased() == "identity" }) ?? true,
            let body = response.body, body.readableBytes <= 16,
            let id = Int32(String(buffer: body).trimmingSpaces())
        else { return nil }
        return TaskRef(id: id, associateId: invalidation.associates[0])
    }
}
