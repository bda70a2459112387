import NIOCore
import NIOPosix

/// One event loop's connections to one endpoint: a LIFO of idle keep-alive connections, the open count and the
/// FIFO of exchanges waiting for a slot.
///
/// Touched only on the loop. The open count includes connections still being established, so the limit holds
/// while connects are in flight.
final class EndpointPool: NIOScheduledCallbackHandler {
    let endpoint: UpstreamEndpoint
    let loopPool: LoopPool
    /// Precomputed once: the Host header value and the TLS server name (nil for IP literals, which SNI forbids).
    let hostHeader: String
    private let serverName: String?
    /// Set when the host is an IP literal.
    private let address: SocketAddress?

    private var idle = CircularBuffer<UpstreamConnection>()
    private var waiters = CircularBuffer<UpstreamExchange>()
    private var connections: [UpstreamConnection] = []
    private var openCount = 0
    private var idleCallback: NIOScheduledCallback?

    init(endpoint: UpstreamEndpoint, loopPool: LoopPool) {
        self.endpoint = endpoint
        self.loopPool = loopPool
        self.hostHeader = endpoint.hostHeader
        let address = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port)
        self.address = address
        self.serverName = address == nil ? endpoint.host : nil
    }

    private var configuration: UpstreamPoolConfiguration { self.loopPool.configuration }

    /// Runs the exchange on the most recently used idle connection, a new one, or queues it.
    func execute(_ exchange: UpstreamExchange) {
        self.loopPool.eventLoop.assertInEventLoop()
        while let connection = self.idle.popLast() {
            // A connection closing right now reports its end later in this tick; it must not take new work.
            if connection.isReusable {
                connection.start(exchange)
                return
            }
        }
        if self.openCount < self.configuration.maxConnectionsPerEventLoop {
            self.connect(for: exchange)
        } else {
            exchange.phase = .queued
            self.waiters.append(exchange)
        }
    }

    /// A connection finished a keep-alive response (or was opened for an exchange that is gone): give it to the
    /// oldest waiter or keep it idle.
    func release(_ connection: UpstreamConnection) {
        self.loopPool.eventLoop.assertInEventLoop()
        guard !self.loopPool.isShutdown else {
            connection.close()
            return
        }
        if let waiter = self.popWaiter() {
            connection.start(waiter)
            return
        }
        connection.becameIdle(at: .now())
        self.idle.append(connection)
        if self.idleCallback == nil {
            self.scheduleIdleCallback()
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
        if let index = self.idle.firstIndex(where: { $0 === connection }) {
            self.idle.remove(at: index)
        }
        self.openCount -= 1
        guard let exchange, !exchange.isFinished else {
            self.slotFreed()
            return
        }
        if self.loopPool.isShutdown {
            exchange.fail(.shutdown)
        } else {
            exchange.hasRetried = true
            self.connect(for: exchange)
        }
    }

    /// Fails `exchange` with `error` wherever it is (queue, connecting, running); used for timeouts and shutdown.
    func abort(_ exchange: UpstreamExchange, with error: UpstreamError) {
        switch exchange.phase {
        case .queued:
            if let index = self.waiters.firstIndex(where: { $0 === exchange }) {
                self.waiters.remove(at: index)
            }
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
        if let callback = self.idleCallback {
            self.loopPool.eventLoop.assumeIsolated().cancelScheduledCallback(callback)
            self.idleCallback = nil
        }
        let closing = self.connections.map { $0.channel.closeFuture }
        while let waiter = self.waiters.popFirst() {
            waiter.fail(.shutdown)
        }
        while let connection = self.idle.popLast() {
            connection.close()
        }
        return closing
    }

    // MARK: Connecting

    private func slotFreed() {
        guard !self.loopPool.isShutdown, self.openCount < self.configuration.maxConnectionsPerEventLoop,
            let waiter = self.popWaiter()
        else { return }
        self.connect(for: waiter)
    }

    private func popWaiter() -> UpstreamExchange? {
        while let waiter = self.waiters.popFirst() {
            if !waiter.isFinished {
                return waiter
            }
        }
        return nil
    }

    private func connect(for exchange: UpstreamExchange) {
        self.openCount += 1
        exchange.phase = .connecting
        let eventLoop = self.loopPool.eventLoop
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoop) else {
            self.openCount -= 1
            exchange.fail(.connectFailed("the event loop cannot open sockets"))
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
            self.openCount -= 1
            exchange.fail(UpstreamError.connecting(error, to: self.endpoint))
            self.slotFreed()
        case .success(let channel):
            guard !self.loopPool.isShutdown, channel.isActive,
                let connection = try? channel.pipeline.syncOperations.handler(type: UpstreamConnection.self),
                connection.adopt(by: self)
            else {
                self.openCount -= 1
                channel.close(promise: nil)
                exchange.fail(self.loopPool.isShutdown ? .shutdown : .connectionClosed)
                self.slotFreed()
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

    /// The idle LIFO's bottom is its oldest entry, so one callback at that entry's expiry covers them all.
    private func scheduleIdleCallback() {
        guard let oldest = self.idle.first else { return }
        do {
            self.idleCallback = try self.loopPool.eventLoop.assumeIsolated().scheduleCallback(
                at: oldest.idleSince + self.configuration.idleTimeout,
                handler: self
            )
        } catch {
            self.idleCallback = nil
        }
    }

    func handleScheduledCallback(eventLoop: some EventLoop) {
        self.idleCallback = nil
        let now = NIODeadline.now()
        let timeout = self.configuration.idleTimeout
        while let oldest = self.idle.first, oldest.idleSince + timeout <= now {
            self.idle.removeFirst()
            oldest.close()
        }
        self.scheduleIdleCallback()
    }
}
