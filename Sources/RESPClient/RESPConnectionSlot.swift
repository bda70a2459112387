import GatewayClock
import NIOCore
import NIOPosix

/// The one Redis connection of one event loop: connects on first use, reconnects after a drop (at most once
/// per back-off period), and enforces command deadlines by closing the connection.
///
/// All state lives in a `NIOLoopBoundBox`, so it is touched only on `eventLoop`; callers on that loop
/// pay no hop and no lock.
final class RESPConnectionSlot: Sendable {
    let eventLoop: any EventLoop
    private let configuration: RESPClientConfiguration
    private let state: NIOLoopBoundBox<State>

    private enum Phase {
        case idle
        /// TCP connect and handshake in progress; commands wait here and are written once connected.
        case connecting(CircularBuffer<RESPRequest>)
        case connected(RESPConnection)
        case shutdown
    }

    private struct State {
        var phase = Phase.idle
        /// Advances on every connect attempt and teardown, so late callbacks of an old attempt are ignored.
        var generation: UInt64 = 0
        var lastAttempt: NIODeadline?
        var lastFailure: String?
    }

    init(eventLoop: any EventLoop, configuration: RESPClientConfiguration) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.state = NIOLoopBoundBox.makeBoxSendingValue(State(), eventLoop: eventLoop)
    }

    /// Sends `requests` (flushed once) and fails them all with `.timeout` if `completion` has not completed
    /// by `deadline`; the connection that carried them is then closed.
    func run<Value: Sendable>(_ requests: [RESPRequest], deadline: NIODeadline, completion: EventLoopFuture<Value>) {
        if eventLoop.inEventLoop {
            runOnLoop(requests, deadline: deadline, completion: completion)
        } else {
            eventLoop.execute {
                self.runOnLoop(requests, deadline: deadline, completion: completion)
            }
        }
    }

    /// Closes the connection and fails everything waiting; later commands fail with `connectionClosed`.
    func shutdown() -> EventLoopFuture<Void> {
        eventLoop.flatSubmit {
            self.state.value.generation &+= 1
            let phase = self.state.value.phase
            self.state.value.phase = .shutdown
            switch phase {
            case .connecting(let waiters):
                Self.fail(waiters, .connectionClosed)
            case .connected(let connection):
                connection.handler.close(failing: .connectionClosed)
                return connection.channel.closeFuture
            case .idle, .shutdown:
                break
            }
            return self.eventLoop.makeSucceededVoidFuture()
        }
    }

    private func runOnLoop<Value: Sendable>(_ requests: [RESPRequest], deadline: NIODeadline, completion: EventLoopFuture<Value>) {
        guard deadline > configuration.clock.now() else {
            Self.fail(requests, .timeout)
            return
        }
        guard let generation = start(requests) else { return }
        let timer = eventLoop.scheduleTask(deadline: deadline) {
            self.timeOut(generation: generation)
            Self.fail(requests, .timeout)
        }
        completion.whenComplete { _ in timer.cancel() }
    }

    /// Writes or queues `requests`; returns the generation that carries them, or `nil` if they failed at once.
    private func start(_ requests: [RESPRequest]) -> UInt64? {
        switch state.value.phase {
        case .shutdown:
            Self.fail(requests, .connectionClosed)
            return nil
        case .connected(let connection) where connection.handler.isOpen:
            for request in requests {
                connection.handler.enqueue(request.command, promise: request.promise, errorsAsFailures: request.errorsAsFailures)
            }
            connection.handler.flush()
            return state.value.generation
        case .connecting(var waiters):
            state.value.phase = .idle
            waiters.append(contentsOf: requests)
            state.value.phase = .connecting(waiters)
            return state.value.generation
        case .connected, .idle:
            state.value.phase = .idle
            let now = configuration.clock.now()
            if let last = state.value.lastAttempt, now < last + configuration.reconnectBackoff {
                let reason = state.value.lastFailure ?? "the connection was lost"
                Self.fail(requests, .connectFailed("\(reason); not reconnecting again within the back-off period"))
                return nil
            }
            state.value.generation &+= 1
            state.value.lastAttempt = now
            state.value.phase = .connecting(CircularBuffer(requests))
            let generation = state.value.generation
            RESPConnector.connect(configuration, on: eventLoop).whenComplete { result in
                self.connectCompleted(result, generation: generation)
            }
            return generation
        }
    }

    private func connectCompleted(_ result: Result<NIOLoopBound<RESPConnection>, any Error>, generation: UInt64) {
        guard generation == state.value.generation, case .connecting(let waiters) = state.value.phase else {
            // Abandoned (timed out or shut down) while connecting.
            if case .success(let bound) = result { bound.value.handler.close(failing: .connectionClosed) }
            return
        }
        switch result {
        case .failure(let error):
            let reason = Self.reason(error)
            state.value.phase = .idle
            state.value.lastFailure = reason
            Self.fail(waiters, .connectFailed(reason))
        case .success(let bound):
            let connection = bound.value
            state.value.phase = .connected(connection)
            state.value.lastFailure = nil
            connection.channel.closeFuture.whenComplete { _ in
                self.connectionClosed(generation: generation)
            }
            for request in waiters {
                connection.handler.enqueue(request.command, promise: request.promise, errorsAsFailures: request.errorsAsFailures)
            }
            connection.handler.flush()
        }
    }

    private func connectionClosed(generation: UInt64) {
        guard generation == state.value.generation, case .connected = state.value.phase else { return }
        state.value.phase = .idle
    }

    /// A command of `generation` missed its deadline: abandon that connection (or attempt) and fail all its commands.
    private func timeOut(generation: UInt64) {
        guard generation == state.value.generation else { return }
        switch state.value.phase {
        case .connecting(let waiters):
            state.value.generation &+= 1
            state.value.phase = .idle
            Self.fail(waiters, .timeout)
        case .connected(let connection):
            state.value.generation &+= 1
            state.value.phase = .idle
            connection.handler.close(failing: .timeout)
        case .idle, .shutdown:
            break
        }
    }

    private static func fail(_ requests: some Sequence<RESPRequest>, _ error: RESPError) {
        for request in requests {
            request.promise.fail(error)
        }
    }

    private static func reason(_ error: any Error) -> String {
        if case RESPError.connectFailed(let reason) = error { return reason }
        return String(describing: error)
    }
}
