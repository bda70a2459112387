import NIOConcurrencyHelpers
import NIOCore

/// Counts the connections a test server accepted and saw closed, and lets a test wait for a count.
final class ConnectionLog: Sendable {
    struct TimedOut: Error {}

    private struct State {
        var opened = 0
        var closed = 0
        var closeWaiters: [(count: Int, promise: EventLoopPromise<Void>)] = []
    }

    private let state = NIOLockedValueBox(State())
    private let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    var opened: Int { self.state.withLockedValue { $0.opened } }
    var closed: Int { self.state.withLockedValue { $0.closed } }

    /// Returns the 0-based index of the new connection.
    func connectionOpened() -> Int {
        self.state.withLockedValue { state in
            state.opened += 1
            return state.opened - 1
        }
    }

    func connectionClosed() {
        let ready: [EventLoopPromise<Void>] = self.state.withLockedValue { state in
            state.closed += 1
            let closed = state.closed
            let ready = state.closeWaiters.filter { $0.count <= closed }.map(\.promise)
            state.closeWaiters.removeAll { $0.count <= closed }
            return ready
        }
        for promise in ready {
            promise.succeed()
        }
    }

    /// Waits until at least `count` connections were closed; throws `TimedOut` after `limit`.
    func waitForClosed(atLeast count: Int, limit: TimeAmount = .seconds(10)) async throws {
        let promise = self.eventLoop.makePromise(of: Void.self)
        let alreadyDone = self.state.withLockedValue { state in
            if state.closed >= count { return true }
            state.closeWaiters.append((count, promise))
            return false
        }
        if alreadyDone {
            promise.succeed()
        } else {
            self.eventLoop.scheduleTask(in: limit) { promise.fail(TimedOut()) }
        }
        try await promise.futureResult.get()
    }
}
