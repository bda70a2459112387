import GatewayClock
import NIOCore
import NIOSSL

/// All upstream state of one event loop: its endpoint pools and the deadlines of its unfinished exchanges.
///
/// Touched only on `eventLoop` (asserted), so nothing here needs a lock. Deadlines are not one NIO timer per
/// request: cancelling a scheduled task takes the loop's task lock and scans its timer heap. Instead every
/// unfinished exchange sits in one array (O(1) add and swap-remove) and a single callback fires at the earliest
/// deadline. With uniform timeouts that is about one wake-up per timeout period, however many requests pass.
final class LoopPool: NIOScheduledCallbackHandler {
    let eventLoop: any EventLoop
    let configuration: UpstreamPoolConfiguration
    let tlsContext: NIOSSLContext
    private(set) var isShutdown = false

    private var endpoints: [UpstreamEndpoint: EndpointPool] = [:]
    /// One-entry cache: a gateway mostly talks to one endpoint, and comparing beats hashing the host name.
    private var lastEndpointPool: EndpointPool?
    private var unfinished: [UpstreamExchange] = []
    private var deadlineCallback: NIOScheduledCallback?
    private var deadlineCallbackAt: NIODeadline = .distantFuture

    init(eventLoop: any EventLoop, configuration: UpstreamPoolConfiguration, tlsContext: NIOSSLContext) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.tlsContext = tlsContext
    }

    /// Starts an exchange; `promise` belongs to `eventLoop`.
    func execute(_ request: UpstreamRequest, to endpoint: UpstreamEndpoint, promise: EventLoopPromise<UpstreamResponse>) {
        self.eventLoop.assertInEventLoop()
        guard !self.isShutdown else {
            promise.fail(UpstreamError.shutdown)
            return
        }
        let endpointPool = self.endpointPool(for: endpoint)
        let exchange = UpstreamExchange(
            request: request,
            promise: promise,
            deadline: self.configuration.clock.now() + request.timeout,
            endpointPool: endpointPool
        )
        self.track(exchange)
        endpointPool.execute(exchange)
    }

    private func endpointPool(for endpoint: UpstreamEndpoint) -> EndpointPool {
        if let last = self.lastEndpointPool, last.endpoint == endpoint {
            return last
        }
        let pool: EndpointPool
        if let existing = self.endpoints[endpoint] {
            pool = existing
        } else {
            pool = EndpointPool(endpoint: endpoint, loopPool: self)
            self.endpoints[endpoint] = pool
        }
        self.lastEndpointPool = pool
        return pool
    }

    // MARK: Deadlines

    private func track(_ exchange: UpstreamExchange) {
        exchange.trackingSlot = self.unfinished.count
        self.unfinished.append(exchange)
        if exchange.deadline < self.deadlineCallbackAt {
            self.scheduleDeadlineCallback(at: exchange.deadline)
        }
    }

    /// Called once per exchange when it finishes.
    func untrack(_ exchange: UpstreamExchange) {
        let slot = exchange.trackingSlot
        guard slot >= 0, slot < self.unfinished.count, self.unfinished[slot] === exchange else { return }
        let last = self.unfinished.removeLast()
        if last !== exchange {
            self.unfinished[slot] = last
            last.trackingSlot = slot
        }
        exchange.trackingSlot = -1
    }

    private func scheduleDeadlineCallback(at deadline: NIODeadline) {
        let loop = self.eventLoop.assumeIsolated()
        if let existing = self.deadlineCallback {
            loop.cancelScheduledCallback(existing)
        }
        do {
            self.deadlineCallback = try loop.scheduleCallback(at: deadline, handler: self)
            self.deadlineCallbackAt = deadline
        } catch {
            // The loop is shutting down; nothing will run on it any more.
            self.deadlineCallback = nil
            self.deadlineCallbackAt = .distantFuture
        }
    }

    func handleScheduledCallback(eventLoop: some EventLoop) {
        self.deadlineCallback = nil
        self.deadlineCallbackAt = .distantFuture
        let now = self.configuration.clock.now()
        var expired: [UpstreamExchange] = []
        var next = NIODeadline.distantFuture
        for exchange in self.unfinished {
            if exchange.deadline <= now {
                expired.append(exchange)
            } else if exchange.deadline < next {
                next = exchange.deadline
            }
        }
        if next < self.deadlineCallbackAt {
            self.scheduleDeadlineCallback(at: next)
        }
        // Queued and connecting ones first, so a slot freed by a timed-out running exchange is not handed to a
        // waiter that is itself about to time out.
        for exchange in expired where !exchange.isRunning {
            exchange.endpointPool.abort(exchange, with: .timeout)
        }
        for exchange in expired {
            exchange.endpointPool.abort(exchange, with: .timeout)
        }
    }

    // MARK: Shutdown

    /// Fails everything unfinished with `.shutdown`, closes every connection and rejects later requests.
    /// Returns the close futures of the connections that were open.
    func shutdown() -> [EventLoopFuture<Void>] {
        self.eventLoop.assertInEventLoop()
        guard !self.isShutdown else { return [] }
        self.isShutdown = true
        if let callback = self.deadlineCallback {
            self.eventLoop.assumeIsolated().cancelScheduledCallback(callback)
            self.deadlineCallback = nil
        }
        var closing: [EventLoopFuture<Void>] = []
        for pool in self.endpoints.values {
            closing.append(contentsOf: pool.shutdown())
        }
        let remaining = self.unfinished
        for exchange in remaining {
            exchange.endpointPool.abort(exchange, with: .shutdown)
        }
        self.endpoints.removeAll()
        self.lastEndpointPool = nil
        return closing
    }
}
