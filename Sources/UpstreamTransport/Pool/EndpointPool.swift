import GatewayClock
import NIOCore
import NIOPosix

/// One event loop's connections to one endpoint: opens them with `ClientBootstrap`, runs the idle timer and
/// executes what `EndpointPoolStateMachine` (the idle LIFO, the waiter FIFO and the open count) decides.
///
/// Touched only on the loop.
final class EndpointPool: NIOScheduledCallbackHandler {
    let endpoint: UpstreamEndpoint
    let loopPool: LoopPool
    /// Precomputed once: the Host header value and the TLS server name (nil for IP literals, which SNI forbids).
    let hostHeader: String
    private let serverName: String?
    /// Set when the host is an IP literal.
    private let address: SocketAddress?

    private var state: EndpointPoolStateMachine<UpstreamConnection, UpstreamExchange>
    /// Adopted connections, for the close futures shutdown waits on.
    private var connections: [UpstreamConnection] = []
    private var idleCallback: NIOScheduledCallback?

    init(endpoint: UpstreamEndpoint, loopPool: LoopPool) {
        self.endpoint = endpoint
        self.loopPool = loopPool
        self.hostHeader = endpoint.hostHeader
        let address = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port)
        self.address = address
        self.serverName = address == nil ? endpoint.host : nil
        self.state = EndpointPoolStateMachine(
            maxConnections: loopPool.configuration.maxConnectionsPerEventLoop,
            idleTimeout: loopPool.configuration.idleTimeout
        )
    }

    private var configuration: UpstreamPoolConfiguration { self.loopPool.configuration }

    /// Runs the exchange on the most recently used idle connection, a new one, or queues it.
    func execute(_ exchange: UpstreamExchange) {
        self.loopPool.eventLoop.assertInEventLoop()
        switch self.state.execute(exchange) {
        case .start(let connection):
            connection.start(exchange)
        case .connect:
            self.connect(for: exchange)
        case .queued:
            exchange.phase = .queued
        }
    }

    /// A connection finished a keep-alive response (or was opened for an exchange that is gone): give it to the
    /// oldest waiter or keep it idle.
    func release(_ connection: UpstreamConnection) {
        self.loopPool.eventLoop.assertInEventLoop()
        switch self.state.release(connection, now: self.configuration.clock.now()) {
        case .close:
            connection.close()
        case .start(let waiter):
            connection.start(waiter)
        case .keepIdle(let timerDeadline):
            if let timerDeadline {
                self.scheduleIdleCallback(at: timerDeadline)
            }
        }
    }

    /// An adopted connection's channel went inactive. With `retrying`, its slot goes to a fresh connection for that
    /// exchange (the stale keep-alive retry); otherwise the slot is freed for the oldest waiter.
    func connectionClosed(_ connection: UpstreamConnection, retrying exchange: UpstreamExchange?) {
        let slot = connection.poolSlot
        if slot >= 0, slot < self.connections.count, self.connections[slot] === connection {
            let last = self.connections.removeLast()
            if last !== connection {
                self.connections[slot] = last
                last.poolSlot = slot
            }
            connection.poolSlot = -1
        }
        self.run(self.state.connectionClosed(connection, retrying: exchange))
    }

    /// Fails `exchange` with `error` wherever it is (queue, connecting, running); used for timeouts and shutdown.
    func abort(_ exchange: UpstreamExchange, with error: UpstreamError) {
        switch exchange.phase {
        case .queued:
            self.state.removeWaiter(exchange)
        case .connecting:
            break
        case .running(let connection):
            connection.abandon(exchange)
        case .finished:
            return
        }
        exchange.fail(error)
    }

    /// Fails the waiters, closes idle connections and returns the close futures of all open connections.
    func shutdown() -> [EventLoopFuture<Void>] {
        let shutdown = self.state.shutdown()
        if shutdown.cancelIdleTimer, let callback = self.idleCallback {
            self.loopPool.eventLoop.assumeIsolated().cancelScheduledCallback(callback)
        }
        self.idleCallback = nil
        let closing = self.connections.map { $0.channel.closeFuture }
        for waiter in shutdown.waiters {
            waiter.fail(.shutdown)
        }
        for connection in shutdown.idle {
            connection.close()
        }
        return closing
    }

    // MARK: Connecting

    /// Executes what the state machine decided for a freed or handed-on slot.
    private func run(_ slot: EndpointPoolStateMachine<UpstreamConnection, UpstreamExchange>.Slot) {
        switch slot {
        case .none:
            break
        case .connect(let exchange):
            self.connect(for: exchange)
        case .retry(let exchange):
            exchange.hasRetried = true
            self.connect(for: exchange)
        case .failShutdown(let exchange):
            exchange.fail(.shutdown)
        }
    }

    /// Opens a connection for `exchange` in a slot the state machine has counted.
    private func connect(for exchange: UpstreamExchange) {
        exchange.phase = .connecting
        let eventLoop = self.loopPool.eventLoop
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoop) else {
            exchange.fail(.connectFailed("the event loop cannot open sockets"))
            self.run(self.state.connectFailed())
            return
        }
        let tlsContext = self.endpoint.scheme == .https ? self.loopPool.tlsContext : nil
        let serverName = self.serverName
        let maxResponseBody = self.configuration.maxResponseBody
        let connecting = bootstrap
            .connectTimeout(self.configuration.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                // Runs on `channel.eventLoop`, once per Happy Eyeballs attempt; only the winner gets adopted.
                do {
                    let connection = UpstreamConnection(channel: channel, maxResponseBody: maxResponseBody)
                    try connection.installHandlers(tlsContext: tlsContext, serverName: serverName)
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        let channel: EventLoopFuture<any Channel>
        if let address = self.address {
            // An IP literal needs neither the resolver thread nor Happy Eyeballs.
            channel = connecting.connect(to: address)
        } else {
            channel = connecting.connect(host: self.endpoint.host, port: self.endpoint.port)
        }
        channel.assumeIsolated().whenComplete { result in
            self.connectCompleted(result, for: exchange)
        }
    }

    private func connectCompleted(_ result: Result<any Channel, any Error>, for exchange: UpstreamExchange) {
        switch result {
        case .failure(let error):
            exchange.fail(UpstreamError.connecting(error, to: self.endpoint))
            self.run(self.state.connectFailed())
        case .success(let channel):
            guard !self.state.isShutdown, channel.isActive,
                let connection = try? channel.pipeline.syncOperations.handler(type: UpstreamConnection.self),
                connection.adopt(by: self)
            else {
                channel.close(promise: nil)
                exchange.fail(self.state.isShutdown ? .shutdown : .connectionClosed)
                self.run(self.state.connectFailed())
                return
            }
            connection.poolSlot = self.connections.count
            self.connections.append(connection)
            if exchange.isFinished {
                self.release(connection)
            } else {
                connection.start(exchange)
            }
        }
    }

    // MARK: Idle timeout

    /// Fails only on a loop that is shutting down, where no connection outlives the loop anyway.
    private func scheduleIdleCallback(at deadline: NIODeadline) {
        self.idleCallback = try? self.loopPool.eventLoop.assumeIsolated().scheduleCallback(at: deadline, handler: self)
    }

    func handleScheduledCallback(eventLoop: some EventLoop) {
        self.idleCallback = nil
        let timeout = self.state.idleTimerFired(now: self.configuration.clock.now())
        for connection in timeout.expired {
            connection.close()
        }
        if let next = timeout.next {
            self.scheduleIdleCallback(at: next)
        }
    }
}
