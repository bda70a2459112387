import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Holds the answers to matching requests until the test releases them. Each answer is computed when its request
/// arrives (so it reflects the data then, and a write is applied then); only the sending waits. This lets a test
/// hold a cache fill that read upstream before a write and deliver it after the write.
public final class StandInAnswerGate: Sendable {
    /// `waitUntilHeld` gave up before enough requests were held.
    public struct WaitTimedOut: Error, Equatable {
        public var held: Int
        public var wanted: Int

        public init(held: Int, wanted: Int) {
            self.held = held
            self.wanted = wanted
        }
    }

    private struct State {
        var heldTotal = 0
        var released = false
        var heldAnswers: [EventLoopPromise<Void>] = []
        var waiters: [(id: Int, count: Int, promise: EventLoopPromise<Void>)] = []
        var nextWaiter = 0
    }

    private let state = NIOLockedValueBox(State())

    init() {}

    /// How many answers this gate has held so far (released ones included).
    public var heldCount: Int {
        state.withLockedValue { $0.heldTotal }
    }

    /// Returns once at least `count` answers are held (or were held and released).
    /// - Parameters:
    ///   - count: how many held answers to wait for.
    ///   - timeout: how long to wait before throwing `WaitTimedOut`.
    public func waitUntilHeld(count: Int = 1, timeout: TimeAmount = .seconds(10)) async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let promise = loop.makePromise(of: Void.self)
        let waiter = state.withLockedValue { state -> Int? in
            guard state.heldTotal < count else { return nil }
            state.nextWaiter += 1
            state.waiters.append((state.nextWaiter, count, promise))
            return state.nextWaiter
        }
        guard let waiter else {
            promise.succeed()
            return
        }
        let timer = loop.scheduleTask(in: timeout) { [state] in
            let held = state.withLockedValue { state -> Int? in
                guard let index = state.waiters.firstIndex(where: { $0.id == waiter }) else { return nil }
                state.waiters.remove(at: index)
                return state.heldTotal
            }
            if let held { promise.fail(WaitTimedOut(held: held, wanted: count)) }
        }
        defer { timer.cancel() }
        try await promise.futureResult.get()
    }

    /// Sends every held answer now, and lets later matching answers through at once.
    public func release() {
        let held = state.withLockedValue { state -> [EventLoopPromise<Void>] in
            state.released = true
            defer { state.heldAnswers.removeAll() }
            return state.heldAnswers
        }
        for promise in held { promise.succeed() }
    }

    /// Holds one answer on `eventLoop`; the future completes when the gate is released.
    func hold(on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        let (released, ready) = state.withLockedValue { state -> (Bool, [EventLoopPromise<Void>]) in
            state.heldTotal += 1
            if !state.released { state.heldAnswers.append(promise) }
            let total = state.heldTotal
            let ready = state.waiters.filter { $0.count <= total }.map(\.promise)
            state.waiters.removeAll { $0.count <= total }
            return (state.released, ready)
        }
        for waiter in ready { waiter.succeed() }
        if released { promise.succeed() }
        return promise.futureResult
    }
}
