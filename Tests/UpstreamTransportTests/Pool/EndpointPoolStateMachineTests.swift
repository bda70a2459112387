import NIOCore
import Testing

@testable import UpstreamTransport

/// The endpoint pool's bookkeeping as a value: idle LIFO, waiter FIFO, open count and idle timer, without sockets.
@Suite struct EndpointPoolStateMachineTests {
    typealias Machine = EndpointPoolStateMachine<TestConnection, TestExchange>

    private static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    private static func machine(maxConnections: Int = 2, idleTimeout: TimeAmount = .seconds(60)) -> Machine {
        Machine(maxConnections: maxConnections, idleTimeout: idleTimeout)
    }

    /// The name of the connection `execute` started the exchange on, "connect" or "queued".
    private static func outcome(_ execute: Machine.Execute) -> String {
        switch execute {
        case .start(let connection): connection.name
        case .connect: "connect"
        case .queued: "queued"
        }
    }

    /// "close", "start <waiter>", "idle" or "idle, timer at <offset from start>".
    private static func outcome(_ release: Machine.Release) -> String {
        switch release {
        case .close: "close"
        case .start(let waiter): "start \(waiter.name)"
        case .keepIdle(nil): "idle"
        case .keepIdle(let deadline?): "idle, timer at \(Self.offset(deadline))"
        }
    }

    /// "none", "connect <exchange>", "retry <exchange>" or "fail <exchange> shutdown".
    private static func outcome(_ slot: Machine.Slot) -> String {
        switch slot {
        case .none: "none"
        case .connect(let exchange): "connect \(exchange.name)"
        case .retry(let exchange): "retry \(exchange.name)"
        case .failShutdown(let exchange): "fail \(exchange.name) shutdown"
        }
    }

    private static func offset(_ deadline: NIODeadline) -> String {
        "\((Int64(deadline.uptimeNanoseconds) - Int64(Self.start.uptimeNanoseconds)) / 1_000_000_000)s"
    }

    private static func at(_ seconds: Int64) -> NIODeadline {
        Self.start + .seconds(seconds)
    }

    // MARK: Slots

    @Test func exchangesOpenConnectionsUpToTheLimitThenQueue() {
        var machine = Self.machine(maxConnections: 2)
        #expect(Self.outcome(machine.execute(TestExchange("a"))) == "connect")
        #expect(Self.outcome(machine.execute(TestExchange("b"))) == "connect")
        #expect(Self.outcome(machine.execute(TestExchange("c"))) == "queued")
        #expect(machine.openCount == 2)
        #expect(machine.waiterCount == 1)
    }

    @Test func releasedConnectionGoesToTheOldestWaiterFirst() {
        var machine = Self.machine(maxConnections: 1)
        _ = machine.execute(TestExchange("a"))
        _ = machine.execute(TestExchange("b"))
        _ = machine.execute(TestExchange("c"))
        let connection = TestConnection("one")
        #expect(Self.outcome(machine.release(connection, now: Self.at(0))) == "start b")
        #expect(Self.outcome(machine.release(connection, now: Self.at(1))) == "start c")
        #expect(Self.outcome(machine.release(connection, now: Self.at(2))) == "idle, timer at 62s")
        #expect(machine.waiterCount == 0)
    }

    @Test func waitersThatFinishedOrGaveUpNeverGetASlot() {
        var machine = Self.machine(maxConnections: 1)
        _ = machine.execute(TestExchange("a"))
        let finished = TestExchange("finished")
        let timedOut = TestExchange("timed out")
        _ = machine.execute(finished)
        _ = machine.execute(timedOut)
        _ = machine.execute(TestExchange("d"))
        finished.isFinished = true
        machine.removeWaiter(timedOut)
        #expect(Self.outcome(machine.release(TestConnection("one"), now: Self.at(0))) == "start d")
    }

    @Test func mostRecentlyReleasedIdleConnectionIsReusedFirst() {
        var machine = Self.machine()
        _ = machine.execute(TestExchange("a"))
        _ = machine.execute(TestExchange("b"))
        #expect(Self.outcome(machine.release(TestConnection("older"), now: Self.at(0))) == "idle, timer at 60s")
        #expect(Self.outcome(machine.release(TestConnection("newer"), now: Self.at(1))) == "idle")
        #expect(Self.outcome(machine.execute(TestExchange("c"))) == "newer")
        #expect(Self.outcome(machine.execute(TestExchange("d"))) == "older")
        #expect(machine.idleCount == 0)
    }

    @Test func idleConnectionThatCannotTakeWorkIsSkippedAndDropped() {
        var machine = Self.machine()
        _ = machine.execute(TestExchange("a"))
        _ = machine.execute(TestExchange("b"))
        _ = machine.release(TestConnection("good"), now: Self.at(0))
        let closing = TestConnection("closing")
        _ = machine.release(closing, now: Self.at(1))
        closing.isReusable = false
        #expect(Self.outcome(machine.execute(TestExchange("c"))) == "good")
        #expect(machine.idleCount == 0)
    }

    @Test func failedConnectFreesItsSlotForTheOldestWaiter() {
        var machine = Self.machine(maxConnections: 1)
        _ = machine.execute(TestExchange("a"))
        _ = machine.execute(TestExchange("b"))
        #expect(Self.outcome(machine.connectFailed()) == "connect b")
        #expect(machine.openCount == 1)
        #expect(Self.outcome(machine.connectFailed()) == "none")
        #expect(machine.openCount == 0)
    }

    @Test func endedConnectionLeavesTheIdleListAndFreesItsSlot() {
        var machine = Self.machine(maxConnections: 1)
        _ = machine.execute(TestExchange("a"))
        let connection = TestConnection("one")
        _ = machine.release(connection, now: Self.at(0))
        #expect(Self.outcome(machine.connectionClosed(connection, retrying: nil)) == "none")
        #expect(machine.idleCount == 0)
        #expect(machine.openCount == 0)
        #expect(Self.outcome(machine.execute(TestExchange("b"))) == "connect")
    }

    // MARK: The stale keep-alive retry

    @Test func staleConnectionRetryKeepsTheSlotAheadOfWaiters() {
        var machine = Self.machine(maxConnections: 1)
        let running = TestExchange("running")
        _ = machine.execute(running)
        _ = machine.execute(TestExchange("waiting"))
        #expect(Self.outcome(machine.connectionClosed(TestConnection("stale"), retrying: running)) == "retry running")
        #expect(machine.openCount == 1)
        #expect(machine.waiterCount == 1)
    }

    @Test func retryOfAnExchangeThatFinishedMeanwhileFreesTheSlotForAWaiter() {
        var machine = Self.machine(maxConnections: 1)
        let running = TestExchange("running")
        _ = machine.execute(running)
        _ = machine.execute(TestExchange("waiting"))
        running.isFinished = true
        #expect(Self.outcome(machine.connectionClosed(TestConnection("stale"), retrying: running)) == "connect waiting")
        #expect(machine.openCount == 1)
    }

    @Test func retryAfterShutdownFailsTheExchange() {
        var machine = Self.machine()
        let running = TestExchange("running")
        _ = machine.execute(running)
        _ = machine.shutdown()
        #expect(Self.outcome(machine.connectionClosed(TestConnection("stale"), retrying: running)) == "fail running shutdown")
        #expect(machine.openCount == 0)
    }

    // MARK: Idle timeout

    @Test func idleTimerClosesExpiredConnectionsAndRearmsForTheOldestRemaining() {
        var machine = Self.machine(maxConnections: 3, idleTimeout: .seconds(10))
        for name in ["a", "b", "c"] {
            _ = machine.execute(TestExchange(name))
        }
        #expect(Self.outcome(machine.release(TestConnection("first"), now: Self.at(0))) == "idle, timer at 10s")
        #expect(Self.outcome(machine.release(TestConnection("second"), now: Self.at(4))) == "idle")
        #expect(Self.outcome(machine.release(TestConnection("third"), now: Self.at(8))) == "idle")

        let firstTick = machine.idleTimerFired(now: Self.at(10))
        #expect(firstTick.expired.map(\.name) == ["first"])
        #expect(firstTick.next.map(Self.offset) == "14s")

        let secondTick = machine.idleTimerFired(now: Self.at(30))
        #expect(secondTick.expired.map(\.name) == ["second", "third"])
        #expect(secondTick.next == nil)
        #expect(machine.idleCount == 0)
        // The timer is not running: the next idle connection arms it again.
        #expect(Self.outcome(machine.release(TestConnection("fourth"), now: Self.at(31))) == "idle, timer at 41s")
    }

    @Test func idleTimerFiringEarlyClosesNothing() {
        var machine = Self.machine(idleTimeout: .seconds(10))
        _ = machine.execute(TestExchange("a"))
        _ = machine.release(TestConnection("one"), now: Self.at(0))
        let tick = machine.idleTimerFired(now: Self.at(9))
        #expect(tick.expired.isEmpty)
        #expect(tick.next.map(Self.offset) == "10s")
    }

    // MARK: Shutdown

    @Test func shutdownHandsOverWaitersAndIdleConnectionsAndRejectsLaterWork() {
        var machine = Self.machine(maxConnections: 2)
        _ = machine.execute(TestExchange("a"))
        _ = machine.execute(TestExchange("b"))
        _ = machine.release(TestConnection("idle"), now: Self.at(0))
        _ = machine.execute(TestExchange("c"))
        _ = machine.execute(TestExchange("d"))
        _ = machine.execute(TestExchange("e"))

        let shutdown = machine.shutdown()
        #expect(shutdown.waiters.map(\.name) == ["d", "e"])
        #expect(shutdown.idle.isEmpty)
        #expect(shutdown.cancelIdleTimer)
        #expect(machine.isShutdown)
        #expect(Self.outcome(machine.release(TestConnection("late"), now: Self.at(1))) == "close")
        #expect(Self.outcome(machine.connectFailed()) == "none")
    }

    @Test func shutdownClosesIdleConnectionsMostRecentFirst() {
        var machine = Self.machine(maxConnections: 2)
        _ = machine.execute(TestExchange("a"))
        _ = machine.execute(TestExchange("b"))
        _ = machine.release(TestConnection("older"), now: Self.at(0))
        _ = machine.release(TestConnection("newer"), now: Self.at(1))
        let shutdown = machine.shutdown()
        #expect(shutdown.idle.map(\.name) == ["newer", "older"])
        #expect(shutdown.waiters.isEmpty)
        #expect(machine.idleCount == 0)
    }
}
