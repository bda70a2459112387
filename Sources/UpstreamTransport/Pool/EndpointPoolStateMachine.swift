import NIOCore

/// One endpoint pool's bookkeeping as a value: the LIFO of idle connections with their idle times, the FIFO of
/// exchanges waiting for a slot, the open count and the idle timer. `EndpointPool` feeds it events and executes the
/// actions it returns (start an exchange on a connection, open a connection, close one, schedule the idle timer),
/// so the slot accounting is unit-tested without sockets. The shape of AsyncHTTPClient's
/// `HTTPConnectionPool.StateMachine`.
///
/// The open count includes connections still being established, so the limit holds while connects are in flight.
struct EndpointPoolStateMachine<Connection: PooledConnection, Exchange: PooledExchange> {
    /// A kept-alive connection and when it became idle.
    struct Idle {
        let connection: Connection
        let since: NIODeadline
    }

    /// What `execute` decided.
    enum Execute {
        /// Start the exchange on this idle connection.
        case start(Connection)
        /// A slot is free: open a connection for the exchange.
        case connect
        /// Every slot is taken: the exchange waits in the queue.
        case queued
    }

    /// What happens to a connection that finished a keep-alive response.
    enum Release {
        /// The pool is shut down: close it.
        case close
        /// Start the oldest waiter on it.
        case start(Exchange)
        /// Keep it idle; schedule the idle timer at this deadline when one is given.
        case keepIdle(scheduleIdleTimerAt: NIODeadline?)
    }

    /// What to do with a slot that was freed or handed on.
    enum Slot {
        case none
        /// Open a connection for the oldest waiter.
        case connect(Exchange)
        /// The stale keep-alive retry: open a fresh connection for the exchange the ended one was running.
        case retry(Exchange)
        /// The stale-connection retry cannot run: the pool is shut down.
        case failShutdown(Exchange)
    }

    /// What the idle timer found.
    struct IdleTimeout {
        /// Idle longer than the idle timeout: close them.
        var expired: [Connection]
        /// Schedule the timer again at this deadline (the oldest remaining idle connection's expiry).
        var next: NIODeadline?
    }

    /// What shutting down leaves to do.
    struct Shutdown {
        /// Fail these with `.shutdown`.
        var waiters: [Exchange]
        /// Close these.
        var idle: [Connection]
        /// Cancel the scheduled idle timer.
        var cancelIdleTimer: Bool
    }

    let maxConnections: Int
    let idleTimeout: TimeAmount
    private(set) var openCount = 0
    private(set) var isShutdown = false
    private var idle = CircularBuffer<Idle>()
    private var waiters = CircularBuffer<Exchange>()
    private var idleTimerScheduled = false

    init(maxConnections: Int, idleTimeout: TimeAmount) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
    }

    var idleCount: Int { self.idle.count }
    var waiterCount: Int { self.waiters.count }

    // MARK: Exchanges

    /// A new exchange: the most recently used idle connection, a new one, or the queue.
    mutating func execute(_ exchange: Exchange) -> Execute {
        while let entry = self.idle.popLast() {
            // A connection closing right now reports its end later in this tick; it must not take new work.
            if entry.connection.isReusable {
                return .start(entry.connection)
            }
        }
        if self.openCount < self.maxConnections {
            self.openCount += 1
            return .connect
        }
        self.waiters.append(exchange)
        return .queued
    }

    /// A queued exchange gave up (timeout, shutdown).
    mutating func removeWaiter(_ exchange: Exchange) {
        if let index = self.waiters.firstIndex(where: { $0 === exchange }) {
            self.waiters.remove(at: index)
        }
    }

    // MARK: Connections

    /// A connection finished a keep-alive response (or was opened for an exchange that is gone) at `now`.
    mutating func release(_ connection: Connection, now: NIODeadline) -> Release {
        guard !self.isShutdown else { return .close }
        if let waiter = self.popWaiter() {
            return .start(waiter)
        }
        self.idle.append(Idle(connection: connection, since: now))
        guard !self.idleTimerScheduled, let oldest = self.idle.first else { return .keepIdle(scheduleIdleTimerAt: nil) }
        self.idleTimerScheduled = true
        return .keepIdle(scheduleIdleTimerAt: oldest.since + self.idleTimeout)
    }

    /// A connect attempt failed, or its connection could not be adopted: its slot is free.
    mutating func connectFailed() -> Slot {
        self.openCount -= 1
        return self.slotFreed()
    }

    /// An adopted connection ended. With `retrying`, its slot goes to a fresh connection for that exchange (the
    /// stale keep-alive retry); otherwise the slot goes to the oldest waiter.
    mutating func connectionClosed(_ connection: Connection, retrying exchange: Exchange?) -> Slot {
        if let index = self.idle.firstIndex(where: { $0.connection === connection }) {
            self.idle.remove(at: index)
        }
        self.openCount -= 1
        guard let exchange, !exchange.isFinished else { return self.slotFreed() }
        if self.isShutdown {
            return .failShutdown(exchange)
        }
        self.openCount += 1
        return .retry(exchange)
    }

    // MARK: Idle timeout and shutdown

    /// The idle timer fired at `now`. The idle LIFO's bottom is its oldest entry, so one timer at that entry's
    /// expiry covers them all.
    mutating func idleTimerFired(now: NIODeadline) -> IdleTimeout {
        self.idleTimerScheduled = false
        var expired: [Connection] = []
        while let oldest = self.idle.first, oldest.since + self.idleTimeout <= now {
            self.idle.removeFirst()
            expired.append(oldest.connection)
        }
        guard let oldest = self.idle.first else { return IdleTimeout(expired: expired, next: nil) }
        self.idleTimerScheduled = true
        return IdleTimeout(expired: expired, next: oldest.since + self.idleTimeout)
    }

    /// Rejects later work; the waiters are to be failed and the idle connections closed.
    mutating func shutdown() -> Shutdown {
        self.isShutdown = true
        let cancel = self.idleTimerScheduled
        self.idleTimerScheduled = false
        let waiters = Array(self.waiters)
        self.waiters.removeAll()
        let idle = self.idle.reversed().map(\.connection)
        self.idle.removeAll()
        return Shutdown(waiters: waiters, idle: idle, cancelIdleTimer: cancel)
    }

    // MARK: Helpers

    private mutating func slotFreed() -> Slot {
        guard !self.isShutdown, self.openCount < self.maxConnections, let waiter = self.popWaiter() else { return .none }
        self.openCount += 1
        return .connect(waiter)
    }

    private mutating func popWaiter() -> Exchange? {
        while let waiter = self.waiters.popFirst() {
            if !waiter.isFinished {
                return waiter
            }
        }
        return nil
    }
}
