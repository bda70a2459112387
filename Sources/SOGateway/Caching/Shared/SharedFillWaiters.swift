import NIOConcurrencyHelpers
import NIOCore

/// Requests of this replica waiting for another replica's fill, by lock name. The fill channel's messages
/// wake them; a bounded wait wakes them anyway, so a lost message or a crashed filler costs at most the wait.
final class SharedFillWaiters: Sendable {
    private let waiting = NIOLockedValueBox<[String: [EventLoopPromise<Bool>]]>([:])

    /// Starts waiting for `name`; registered before the claim is tried, so an announcement that comes
    /// between a lost claim and the wait is not missed.
    /// - Returns: a future that succeeds with true when announced, false when `timeout` passed first.
    func register(_ name: String, timeout: TimeAmount, on eventLoop: any EventLoop) -> Waiter {
        let promise = eventLoop.makePromise(of: Bool.self)
        waiting.withLockedValue { $0[name, default: []].append(promise) }
        let timer = eventLoop.scheduleTask(in: timeout) { [self] in
            if remove(name, promise) { promise.succeed(false) }
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return Waiter(name: name, promise: promise, owner: self)
    }

    /// Wakes every request waiting for `name`.
    func announce(_ name: String) {
        let woken = waiting.withLockedValue { $0.removeValue(forKey: name) } ?? []
        for promise in woken { promise.succeed(true) }
    }

    /// Wakes every waiter (shutdown, or the channel was lost: nothing will be announced).
    func announceAll() {
        let woken = waiting.withLockedValue { waiting in
            defer { waiting = [:] }
            return waiting.values.flatMap { $0 }
        }
        for promise in woken { promise.succeed(false) }
    }

    /// How many requests wait (for tests and diagnostics).
    var count: Int { waiting.withLockedValue { $0.values.reduce(0) { $0 + $1.count } } }

    fileprivate func remove(_ name: String, _ promise: EventLoopPromise<Bool>) -> Bool {
        waiting.withLockedValue { waiting in
            guard var list = waiting[name], let index = list.firstIndex(where: { $0.futureResult === promise.futureResult }) else {
                return false
            }
            list.remove(at: index)
            waiting[name] = list.isEmpty ? nil : list
            return true
        }
    }

    /// One registered wait.
    struct Waiter: Sendable {
        let name: String
        let promise: EventLoopPromise<Bool>
        let owner: SharedFillWaiters

        var future: EventLoopFuture<Bool> { promise.futureResult }

        /// Stops waiting (the claim was won, or Redis failed).
        func cancel() {
            if owner.remove(name, promise) { promise.succeed(false) }
        }
    }
}
