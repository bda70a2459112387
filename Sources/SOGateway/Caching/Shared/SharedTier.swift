import GatewayClock
import GatewayConfig
import Logging
import NIOCore
import RESPClient
import TaskCache

/// The task cache's shared tier in Redis (`cache.shared_store`): one cache for every replica, so N replicas
/// cost SuperOffice what one does.
///
/// Each replica keeps its own memory in front (`TaskCacheStore`); on a local miss it reads Redis before going
/// upstream, and a fill writes the same gzip bytes to Redis, expiring by itself. Replicas missing the same
/// entries at once coalesce: one claims a short lock (`SET NX PX`) and fills, the others wait for its
/// announcement on the fill channel (bounded by `cache.shared_wait`) and then read Redis, or ask upstream
/// themselves.
///
/// An optimisation, never a dependency: every command has a deadline (`cache.shared_timeout`), the first
/// failure opens a circuit (`SharedTierHealth`) and requests then skip Redis until a probe finds it again.
/// Commands run on the calling request's event loop (the client keeps a connection per loop), so nothing hops.
public final class SharedTier: Sendable {
    let tenant: String
    let group: any EventLoopGroup
    let client: RESPClient
    let subscriber: RESPSubscriber
    let waiters = SharedFillWaiters()
    let health: SharedTierHealth
    let metrics: GatewayMetrics?
    let timeout: TimeAmount
    /// How long an associate's generation outlives its last write: far longer than any fill.
    static let generationLifetime = TimeAmount.hours(24)

    /// Creates the tier; nothing connects until `start()` (the fill channel) or the first request (commands).
    /// - Parameters:
    ///   - url: the Redis (`cache.shared_store`).
    ///   - tenant: names the keys and the fill channel.
    ///   - timeout: each command's deadline (`cache.shared_timeout`).
    ///   - probeInterval: how often an open circuit tries Redis again.
    public init(
        url: RedisURL, tenant: String, timeout: TimeAmount, group: any EventLoopGroup, metrics: GatewayMetrics?, logger: Logger,
        probeInterval: TimeAmount = .seconds(1)
    ) {
        let configuration = RESPClientConfiguration(
            host: url.host, port: url.port, password: url.password, database: url.db,
            connectTimeout: max(timeout, .milliseconds(250)), defaultCommandTimeout: timeout, reconnectBackoff: .milliseconds(250)
        )
        self.tenant = tenant
        self.group = group
        self.timeout = timeout
        self.metrics = metrics
        self.client = RESPClient(configuration: configuration, group: group)
        self.health = SharedTierHealth(logger: logger, metrics: metrics, probeInterval: probeInterval)
        let waiters = self.waiters
        let channel = SharedKeyspace.fillChannel(tenant: tenant)
        // A fast heartbeat: a waiting request is woken (and asks upstream) within about half a second of Redis
        // going silent, instead of waiting out `shared_wait` for an announcement that cannot come.
        let timing = RESPSubscriber.Timing(heartbeat: .milliseconds(250), minBackoff: .milliseconds(100), maxBackoff: .seconds(2))
        self.subscriber = RESPSubscriber(configuration: configuration, channels: [channel], eventLoop: group.next(), timing: timing) { event in
            switch event {
            case .message(_, let payload): waiters.announce(String(buffer: payload))
            case .unsubscribed: waiters.announceAll()
            case .subscribed: break
            }
        }
    }

    /// Listens for other replicas' fills.
    public func start() {
        subscriber.start()
    }

    /// Stops listening, wakes every waiter and closes the connections.
    public func shutdown() async {
        health.stop()
        try? await subscriber.shutdown().get()
        waiters.announceAll()
        await client.shutdown()
    }

    /// A loop for commands no request waits on.
    var anyEventLoop: any EventLoop { group.any() }

    /// Requests of this replica waiting for another replica's fill now.
    public var waitingRequests: Int { waiters.count }

    /// Whether requests use Redis now (the circuit is closed).
    public var isAvailable: Bool { health.isClosed }

    /// Reads the epoch, the fill's generations and the entries in one atomic step, and claims the fill of
    /// `claim` when an entry is absent (`SharedTierScripts.readAndClaim`).
    /// - Parameter claim: the lock to take and for how long; nil = read only (after waiting for another fill).
    /// - Returns: nil when Redis failed or the circuit is open (the caller fills without the tier).
    func read(
        _ digests: [String], expecting associates: [AssociateSet], ticketFor fillAssociates: AssociateSet, claim: (digest: String, ttl: TimeAmount)?,
        keyspace: SharedKeyspace, maxIdentityLength: Int, on eventLoop: any EventLoop
    ) -> EventLoopFuture<SharedRead?> {
        guard health.isClosed else { return eventLoop.makeSucceededFuture(nil) }
        var generator = SystemRandomNumberGenerator()
        let token = claim == nil ? "" : String(generator.next() as UInt64, radix: 36)
        let keys = [keyspace.epoch] + fillAssociates.ids.map(keyspace.generation) + digests.map(keyspace.entry)
            + [keyspace.lock(claim?.digest ?? "none")]
        let px = String(max(1, (claim?.ttl.nanoseconds ?? 0) / 1_000_000))
        return client.evalScript(
            SharedTierScripts.readAndClaim, keys: keys, args: [String(fillAssociates.count), token, px], timeout: timeout, on: eventLoop
        ).map { reply -> SharedRead? in
            guard let values = reply.array, values.count == keys.count, let claimed = values[keys.count - 1].integer else {
                self.failed(RESPError.protocolError("the read script answered with something other than its values"), on: eventLoop)
                return nil
            }
            let epoch = values[0].string ?? "0"
            var generations: [Int32: String] = [:]
            for (offset, id) in fillAssociates.ids.enumerated() {
                generations[id] = values[1 + offset].string ?? "0"
            }
            let first = 1 + fillAssociates.count
            var entries: [SharedEntry?] = []
            entries.reserveCapacity(digests.count)
            for (offset, digest) in digests.enumerated() {
                entries.append(self.entry(values[first + offset], digest: digest, epoch: epoch, associates: associates[offset], maxIdentityLength: maxIdentityLength))
            }
            let outcome: SharedClaim = claimed == 1 ? .won(token: token) : (claimed == 0 ? .held : .notNeeded)
            return SharedRead(entries: entries, ticket: SharedTicket(epoch: epoch, generations: generations), claim: outcome)
        }.flatMapErrorThrowing { error in
            self.failed(error, on: eventLoop)
            return nil
        }
    }

    /// Checks one read value: present, intact, of this epoch and for the expected associates.
    private func entry(_ value: RESPValue, digest: String, epoch: String, associates: AssociateSet, maxIdentityLength: Int) -> SharedEntry? {
        guard case .bulkString(.some(let bytes)) = value else {
            metrics?.increment("so_gateway_cache_shared_misses_total")
            return nil
        }
        do {
            let entry = try SharedEntry(decoding: bytes, keyDigest: digest, maxIdentityLength: maxIdentityLength)
            guard String(entry.epoch) == epoch, entry.associates == associates else {
                metrics?.increment("so_gateway_cache_shared_misses_total")
                return nil
            }
            return entry
        } catch {
            metrics?.increment("so_gateway_cache_shared_rejected_total", dimensions: [("reason", error.rawValue)])
            return nil
        }
    }

    /// Gives up a won claim and announces the fill to waiting replicas.
    func release(_ digest: String, token: String, keyspace: SharedKeyspace, on eventLoop: any EventLoop) {
        guard health.isClosed else { return }
        client.evalScript(
            SharedTierScripts.release, keys: [keyspace.lock(digest)], args: [token, SharedKeyspace.fillChannel(tenant: tenant), keyspace.lock(digest)], timeout: timeout, on: eventLoop
        ).whenFailure { error in
            self.failed(error, on: eventLoop)
        }
    }

    /// Writes entries (after the fill's upstream call), each only if no write touched its associates since
    /// `ticket` was read. Not awaited by the request: a failure only costs other replicas a miss.
    func write(_ entries: [(digest: String, entry: SharedEntry, px: Int64)], ticket: SharedTicket, keyspace: SharedKeyspace, on eventLoop: any EventLoop) {
        guard health.isClosed else { return }
        let allocator = ByteBufferAllocator()
        for (digest, entry, px) in entries {
            var keys = [keyspace.entry(digest), keyspace.epoch]
            keys += entry.associates.ids.map(keyspace.generation)
            keys += entry.associates.ids.map(keyspace.index)
            var arguments: [RESPArgument] = [.bytes(entry.encoded(keyDigest: digest, allocator: allocator)), .text(String(max(1, px))), .text(ticket.epoch)]
            arguments += ticket.generations(of: entry.associates).map(RESPArgument.text)
            client.evalScript(SharedTierScripts.store, keys: keys, arguments: arguments, timeout: timeout, on: eventLoop).whenComplete { result in
                switch result {
                case .success(let reply) where reply.integer == 1:
                    self.metrics?.increment("so_gateway_cache_shared_stores_total")
                case .success:
                    self.metrics?.increment("so_gateway_cache_shared_refused_stores_total")
                case .failure(let error):
                    self.failed(error, on: eventLoop)
                }
            }
        }
    }

    /// Deletes what a write or purge made stale: the entries indexed under its associates (and bumps their
    /// generations), or every entry (bumps the epoch). Succeeds when Redis applied it; a failure is remembered,
    /// and the tier retires every entry before it is used again.
    func invalidate(_ invalidation: Invalidation, keyspace: SharedKeyspace, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        guard invalidation.everything || !invalidation.associates.isEmpty else { return eventLoop.makeSucceededVoidFuture() }
        guard health.isClosed else {
            health.lostInvalidation()
            return eventLoop.makeSucceededVoidFuture()
        }
        let sent: EventLoopFuture<RESPValue>
        if invalidation.everything {
            sent = client.send(["INCR", keyspace.epoch], timeout: timeout, on: eventLoop)
        } else {
            let ids = AssociateSet(invalidation.associates).ids
            sent = client.evalScript(
                SharedTierScripts.invalidate, keys: ids.map(keyspace.generation) + ids.map(keyspace.index),
                args: [String(Self.generationLifetime.nanoseconds / 1_000_000)], timeout: timeout, on: eventLoop
            )
        }
        return sent.map { _ in
            self.metrics?.increment("so_gateway_cache_shared_invalidations_total")
        }.flatMapErrorThrowing { error in
            self.health.lostInvalidation()
            self.failed(error, on: eventLoop)
        }
    }

    /// Counts the failure and opens the circuit; the probe retires every entry first when an invalidation
    /// was lost.
    private func failed(_ error: any Error, on eventLoop: any EventLoop) {
        metrics?.increment("so_gateway_cache_shared_errors_total")
        // No announcement comes through a failing Redis: requests waiting for one go upstream now.
        waiters.announceAll()
        let epoch = SharedKeyspace.epoch(tenant: tenant)
        health.failed(error, on: eventLoop) { [client, timeout] retire in
            let answered = client.ping(timeout: timeout, on: eventLoop)
            guard retire else { return answered }
            return answered.flatMap { client.send(["INCR", epoch], timeout: timeout, on: eventLoop) }.map { _ in }
        }
    }
}
