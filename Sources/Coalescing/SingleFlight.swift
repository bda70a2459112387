import NIOConcurrencyHelpers
import NIOCore

/// Coalesces identical concurrent calls into one, keyed: a burst for the same key costs one call (one upstream
/// request, one tenant lookup); the first caller starts it, the others wait for its result or error. Each key in
/// flight is a `Flight` of promises, so every caller's future completes on its own event loop.
public final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let flights = NIOLockedValueBox<[Key: Flight<EventLoopPromise<Value>>]>([:])

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
        let promise = eventLoop.makePromise(of: Value.self)
        let isLeader = flights.withLockedValue { flights -> Bool in
            if flights[key] != nil {
                flights[key]?.join(promise)
                return false
            }
            flights[key] = Flight(leader: promise)
            return true
        }
        guard isLeader else {
            return (promise.futureResult, true)
        }
        start().whenComplete { result in
            let waiters = self.flights.withLockedValue { $0.removeValue(forKey: key)?.land() ?? [] }
            for waiter in waiters {
                waiter.completeWith(result)
            }
        }
        return (promise.futureResult, false)
    }

    /// How many distinct calls are in flight.
    public var inFlight: Int {
        flights.withLockedValue { $0.count }
    }
}
