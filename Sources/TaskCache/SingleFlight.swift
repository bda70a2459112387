import NIOConcurrencyHelpers
import NIOCore

/// Coalesces identical concurrent misses into one upstream call, so a burst for the same associate set costs
/// upstream one request: the first caller starts the call, the others wait for its result or error.
public final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let calls = NIOLockedValueBox<[Key: EventLoopPromise<Value>]>([:])

    /// Creates an empty group.
    public init() {}

    /// Runs `start` unless a call for `key` is already in flight, in which case the caller joins it.
    /// `start` is invoked at most once per in-flight key, outside the lock. The key is released before the
    /// result is delivered, so a caller reacting to the result starts a fresh call.
    /// - Parameters:
    ///   - key: identifies identical calls.
    ///   - eventLoop: where the returned future completes.
    ///   - start: begins the call.
    /// - Returns: the result future, and `joined` = true for callers that did not start the call.
    public func run(
        _ key: Key,
        on eventLoop: any EventLoop,
        _ start: @Sendable () -> EventLoopFuture<Value>
    ) -> (future: EventLoopFuture<Value>, joined: Bool) {
        let (promise, isLeader) = calls.withLockedValue { calls -> (EventLoopPromise<Value>, Bool) in
            if let existing = calls[key] {
                return (existing, false)
            }
            let promise = eventLoop.makePromise(of: Value.self)
            calls[key] = promise
            return (promise, true)
        }
        guard isLeader else {
            return (promise.futureResult.hop(to: eventLoop), true)
        }
        start().whenComplete { result in
            self.calls.withLockedValue { calls in
                if calls[key]?.futureResult === promise.futureResult {
                    calls.removeValue(forKey: key)
                }
            }
            promise.completeWith(result)
        }
        return (promise.futureResult, false)
    }

    /// How many distinct calls are in flight.
    public var inFlight: Int {
        calls.withLockedValue { $0.count }
    }
}
