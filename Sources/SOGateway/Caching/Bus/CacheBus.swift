import Foundation
import Atomics
import GatewayClock
import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOCore
import RESPClient
import TaskCache

/// Carries cache invalidations between replicas over Redis pub/sub (`cache.bus`), so a write or a purge
/// through one replica is seen through every other.
///
/// An optimisation, never a dependency: with Redis down, writes and reads go on, `/readyz` stays ready, and
/// this replica serves entries only within `cache.active_ttl` (it cannot hear other replicas' writes). On
/// every (re)subscription it drops what it stored before, because it may have missed invalidations meanwhile.
/// Publishes that fail are kept (bounded) and sent again once Redis answers.
public final class CacheBus: Sendable {
    /// The tenant's channel.
    public let channel: String
    /// This replica's name in messages.
    let origin: String
    private let subscribed = ManagedAtomic(false)
    private let subscriber: RESPSubscriber
    private let publisher: RESPClient
    private let target = NIOLockedValueBox<(@Sendable () -> TaskCacheState)?>(nil)
    private let unsent = NIOLockedValueBox<[Invalidation]>([])
    private let metrics: GatewayMetrics?
    private let logger: Logger
    private let clock: GatewayClock

    /// Bounds one PUBLISH: far below any upstream timeout, so a slow Redis never holds a write's answer.
    static let publishTimeout = TimeAmount.milliseconds(250)
    /// Failed publishes kept for resending; more collapse into one "everything".
    static let maxUnsent = 256
    /// The propagation-lag histogram.
    static let lagMetric = "so_gateway_cache_bus_propagation_seconds"

    /// Creates a bus; nothing connects until `start()`.
    /// - Parameters:
    ///   - url: the Redis (`cache.bus`).
    ///   - tenant: names the channel, so gateways of different tenants on one Redis never hear each other.
    ///   - group: where the connections live.
    ///   - metrics: where subscription state, traffic and lag are counted.
    ///   - logger: subscription changes are logged.
    ///   - clock: stamps messages (wall clock) for the lag histogram.
    ///   - timing: heartbeat and reconnect back-off.
    public init(
        url: RedisURL, tenant: String, group: any EventLoopGroup, metrics: GatewayMetrics?, logger: Logger,
        clock: GatewayClock = .system, timing: RESPSubscriber.Timing = RESPSubscriber.Timing()
    ) {
        let configuration = RESPClientConfiguration(
            host: url.host, port: url.port, password: url.password, database: url.db,
            connectTimeout: .milliseconds(500), defaultCommandTimeout: Self.publishTimeout, reconnectBackoff: .milliseconds(250)
        )
        let channel = "so-gateway:cache-invalidations:" + tenant
        self.channel = channel
        self.origin = Self.makeOrigin()
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        self.publisher = RESPClient(configuration: configuration, group: group)
        let events = NIOLockedValueBox<(@Sendable (RESPSubscriber.Event) -> Void)?>(nil)
        self.subscriber = RESPSubscriber(configuration: configuration, channels: [channel], eventLoop: group.next(), timing: timing) { event in
            events.withLockedValue { $0 }?(event)
        }
        events.withLockedValue { $0 = { [weak self] event in self?.handle(event) } }
        metrics?.setGauge("so_gateway_cache_bus_subscribed", 0)
    }

    /// Whether invalidations from other replicas are heard right now (lock-free; read on every cache hit).
    public var isSubscribed: Bool {
        subscribed.load(ordering: .relaxed)
    }

    /// Says which cache state invalidations apply to (the one in force, across reloads).
    public func attach(_ current: @escaping @Sendable () -> TaskCacheState) {
        target.withLockedValue { $0 = current }
    }

    /// Subscribes, and keeps resubscribing after every loss until `shutdown()`.
    public func start() {
        subscriber.start()
    }

    /// Stops the subscription and the publisher.
    public func shutdown() async {
        try? await subscriber.shutdown().get()
        await publisher.shutdown()
        subscribed.store(false, ordering: .relaxed)
    }

    /// Tells the other replicas. A failed publish is tried once more at once (the first command after Redis came
    /// back fails on the connection Redis dropped, and the retry reconnects); failing again, it is kept and sent
    /// when the subscriber next subscribes, that is when Redis answers again.
    func publish(_ invalidation: Invalidation, retry: Bool = true) {
        guard invalidation.everything || !invalidation.associates.isEmpty || !invalidation.taskIds.isEmpty else { return }
        let message = InvalidationMessage(origin: origin, sentAtNanos: wallNanos(), invalidation: invalidation)
        publisher.send(["PUBLISH", channel, message.text], timeout: Self.publishTimeout).whenComplete { result in
            switch result {
            case .success:
                self.metrics?.increment("so_gateway_cache_bus_published_total")
            case .failure:
                self.metrics?.increment("so_gateway_cache_bus_publish_failures_total")
                if retry {
                    self.publish(invalidation, retry: false)
                } else {
                    self.keepUnsent(invalidation)
                }
            }
        }
    }

    private func keepUnsent(_ invalidation: Invalidation) {
        unsent.withLockedValue { unsent in
            unsent.append(invalidation)
            if unsent.count > Self.maxUnsent {
                unsent = [.all]
            }
        }
    }

    private func handle(_ event: RESPSubscriber.Event) {
        switch event {
        case .subscribed:
            // Drop first, then trust entries again: anything stored before may have missed an invalidation.
            target.withLockedValue { $0 }?().invalidate(.all, reason: .resubscribe)
            subscribed.store(true, ordering: .relaxed)
            metrics?.setGauge("so_gateway_cache_bus_subscribed", 1)
            metrics?.increment("so_gateway_cache_bus_subscriptions_total")
            logger.info("cache bus subscribed", metadata: ["channel": .string(channel)])
            for invalidation in unsent.withLockedValue({ unsent in defer { unsent = [] }; return unsent }) {
                publish(invalidation)
            }
        case .unsubscribed(let reason):
            subscribed.store(false, ordering: .relaxed)
            metrics?.setGauge("so_gateway_cache_bus_subscribed", 0)
            logger.warning(
                "cache bus unsubscribed; serving entries only within cache.active_ttl until it resubscribes",
                metadata: ["reason": .string(reason)]
            )
        case .message(_, let payload):
            let message = InvalidationMessage(parsing: payload)
            guard message.origin != origin else { return }
            target.withLockedValue { $0 }?().invalidate(message.invalidation, reason: .bus)
            metrics?.increment("so_gateway_cache_bus_received_total")
            if message.sentAtNanos > 0 {
                metrics?.recordDuration(Self.lagMetric, nanoseconds: max(0, wallNanos() - message.sentAtNanos))
            }
        }
    }

    private func wallNanos() -> Int64 {
        Int64(clock.date().timeIntervalSince1970 * 1_000_000_000)
    }

    private static func makeOrigin() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 16)
    }
}
