import NIOCore
import NIOHTTP1

/// One `execute()` call from start to completion: the promise, the deadline and where the call currently is.
///
/// Touched only on its event loop. Completing it is idempotent, so a timeout, a connection failure and a response
/// racing within one loop tick resolve to exactly one outcome.
final class UpstreamExchange: PooledExchange {
    /// Where the exchange is; the deadline sweep uses it to undo the right thing on timeout or shutdown.
    enum Phase {
        /// In the endpoint's FIFO, waiting for a connection slot.
        case queued
        /// Waiting for a connection opened on its behalf.
        case connecting
        /// Written to this connection, reading the response.
        case running(UpstreamConnection)
        /// Completed; the promise has been fulfilled.
        case finished
    }

    let request: UpstreamRequest
    let promise: EventLoopPromise<UpstreamResponse>
    let deadline: NIODeadline
    let endpointPool: EndpointPool
    var phase: Phase = .queued
    /// Index in the loop's list of unfinished exchanges, for O(1) removal.
    var trackingSlot = -1
    /// Set once the stale-connection retry has been used.
    var hasRetried = false

    init(request: UpstreamRequest, promise: EventLoopPromise<UpstreamResponse>, deadline: NIODeadline, endpointPool: EndpointPool) {
        self.request = request
        self.promise = promise
        self.deadline = deadline
        self.endpointPool = endpointPool
    }

    var isFinished: Bool {
        if case .finished = self.phase { return true }
        return false
    }

    var isRunning: Bool {
        if case .running = self.phase { return true }
        return false
    }

    /// Whether a reused connection that died before any response byte may be replaced by a fresh one.
    var mayRetryOnStaleConnection: Bool {
        guard !self.hasRetried else { return false }
        if self.request.retryOnStaleConnection { return true }
        switch self.request.method {
        case .GET, .HEAD, .PUT, .DELETE, .OPTIONS:
            return true
        default:
            return false
        }
    }

    func succeed(_ response: UpstreamResponse) {
        guard self.markFinished() else { return }
        self.promise.succeed(response)
    }

    func fail(_ error: UpstreamError) {
        guard self.markFinished() else { return }
        self.promise.fail(error)
    }

    private func markFinished() -> Bool {
        if self.isFinished { return false }
        self.phase = .finished
        self.endpointPool.loopPool.untrack(self)
        return true
    }
}
