import NIOConcurrencyHelpers
import NIOCore

/// Counts in-flight requests per key, for `max_concurrent`; callers that may wait queue first-come,
/// first-served (`SlotQueue`) with a deadline, instead of polling.
public final class ConcurrencyLimiter: Sendable {
    private struct State {
        var keys: [String: SlotQueue<UInt64>] = [:]
        var promises: [UInt64: EventLoopPromise<Bool>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Reserves a slot; false when `limit` are already in flight (or others wait for one).
    public func acquire(_ key: String, limit: Int) -> Bool {
        state.withLockedValue { $0.keys[key, default: SlotQueue()].tryAcquire(limit: limit) }
    }

    /// Reserves a slot now, or queues for the next one freed, for at most `wait`.
    /// - Returns: a future that succeeds with true when the slot is this caller's (release it later), false when
    ///   `wait` passed first.
    public func acquire(_ key: String, limit: Int, waitingUpTo wait: TimeAmount, on eventLoop: any EventLoop) -> EventLoopFuture<Bool> {
        let queued = state.withLockedValue { state -> (UInt64, EventLoopPromise<Bool>)? in
            if state.keys[key, default: SlotQueue()].tryAcquire(limit: limit) { return nil }
            guard wait > .zero else { return (0, eventLoop.makePromise()) }
            state.nextWaiter &+= 1
            let id = state.nextWaiter
            let promise = eventLoop.makePromise(of: Bool.self)
            state.keys[key, default: SlotQueue()].enqueue(id)
            state.promises[id] = promise
            return (id, promise)
        }
        guard let (id, promise) = queued else { return eventLoop.makeSucceededFuture(true) }
        guard id != 0 else {
            promise.succeed(false)
            return promise.futureResult
        }
        let timer = eventLoop.scheduleTask(in: wait) { [self] in
            let gaveUp = state.withLockedValue { state -> Bool in
                guard state.keys[key]?.cancel(id) == true else { return false }
                state.promises[id] = nil
                if state.keys[key]?.isIdle == true { state.keys[key] = nil }
                return true
            }
            if gaveUp { promise.succeed(false) }
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }

    /// Gives a slot back: to the longest waiter if any, else free.
    public func release(_ key: String) {
        let handedTo = state.withLockedValue { state -> EventLoopPromise<Bool>? in
            guard var queue = state.keys[key] else { return nil }
            let next = queue.release()
            state.keys[key] = queue.isIdle ? nil : queue
            return next.flatMap { state.promises.removeValue(forKey: $0) }
        }
        handedTo?.succeed(true)
    }

    public func current(_ key: String) -> Int {
        state.withLockedValue { $0.keys[key]?.inFlight ?? 0 }
    }

    /// How many callers wait for a slot of `key`.
    public func waiting(_ key: String) -> Int {
        state.withLockedValue { $0.keys[key]?.waiting.count ?? 0 }
    }
}
