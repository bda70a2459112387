import Foundation
import GatewayClock
import GatewayConfig
import NIOCore
import TaskCache

/// The task cache's path through the shared tier (`cache.shared_store`) on a local miss: read Redis, adopt
/// what is there, and coalesce the rest across replicas before anyone asks upstream.
extension TaskCacheStage {
    /// One fill through the shared tier: reads the entries named `digests` and, when some are missing, claims
    /// `lockDigest` in the same step; then runs `produce` (which asks upstream for what is missing and writes
    /// back), or waits for the replica that holds the claim and reads again. Without a tier, or with Redis failing, `produce` runs with nil at once.
    /// - Parameters:
    ///   - digests: the entries the fill wants, with the associates each must cover.
    ///   - fillAssociates: the fill's associates, whose generations the ticket notes.
    ///   - lockDigest: names the claim (the fill's own key).
    ///   - produce: builds the outcome from what was read (nil = fill without the tier, write nothing).
    func throughSharedTier<Outcome: Sendable>(
        _ digests: [(digest: String, associates: AssociateSet)], fillAssociates: AssociateSet, lockDigest: String,
        on eventLoop: any EventLoop, produce: @escaping @Sendable (SharedRead?) -> EventLoopFuture<Outcome>
    ) -> EventLoopFuture<Outcome> {
        guard let shared = state.shared, let keyspace = state.keyspace, shared.isAvailable else { return produce(nil) }
        let settings = state.settings
        let maxDecodedSize = self.maxDecodedSize
        let read = { @Sendable (claim: Bool) -> EventLoopFuture<SharedRead?> in
            shared.read(
                digests.map(\.digest), expecting: digests.map(\.associates), ticketFor: fillAssociates,
                claim: claim ? (lockDigest, settings.sharedLockTTL) : nil, keyspace: keyspace, maxIdentityLength: maxDecodedSize, on: eventLoop
            )
        }
        // Waiting starts before the read, so an announcement between a lost claim and the wait is not missed.
        let waiter = shared.waiters.register(keyspace.lock(lockDigest), timeout: settings.sharedWait, on: eventLoop)
        return read(true).flatMap { first in
            guard let first, first.claim == .held else {
                waiter.cancel()
                guard let first else { return produce(nil) }
                guard case .won(let token) = first.claim else { return produce(first) }
                return produce(first).always { _ in shared.release(lockDigest, token: token, keyspace: keyspace, on: eventLoop) }
            }
            return waiter.future.flatMap { announced in
                shared.metrics?.increment("so_gateway_cache_shared_lock_waits_total", dimensions: [("outcome", announced ? "announced" : "timeout")])
                return read(false)
            }.flatMap { again in produce(again ?? first) }
        }
    }

    /// Takes an entry read from the shared tier into this replica's memory (unless a write here since
    /// `ticket` was taken) and returns it as an answer; nil when it is no longer fresh.
    func adopt(_ entry: SharedEntry, under key: TaskCacheKey, ticket: FillTicket) -> (answer: CachedAnswer, stored: Bool)? {
        let now = state.clock.now()
        let age = TimeAmount.nanoseconds(max(0, wallNanos() - entry.storedAtWallNanos))
        var body = ByteBufferAllocator().buffer(capacity: entry.gzipBody.readableBytes)
        body.writeImmutableBuffer(entry.gzipBody)
        let answer = CachedAnswer(
            gzipBody: body, identityLength: entry.identityLength, contentType: entry.contentType, etag: entry.etag,
            storedAt: now - age, lifetime: min(.nanoseconds(entry.lifetimeNanos), policy.ttl), associates: entry.associates
        )
        // Judged without the unsubscribed-bus cap: the entry is read from Redis now, where every replica's writes
        // delete what they change before answering, so it is as current as the shared tier. The copy kept here is
        // capped like any other while this replica cannot hear the bus.
        guard case .fresh = policy.evaluate(age: age, lifetime: answer.lifetime) else { return nil }
        state.shared?.metrics?.increment("so_gateway_cache_shared_hits_total")
        return (answer, store(answer, under: key, tasks: entry.tasks, ticket: ticket))
    }

    /// Writes answers this replica filled to the shared tier, each expiring when its lifetime ends.
    func share(_ answers: [(key: TaskCacheKey, answer: CachedAnswer, tasks: [TaskRef])], ticket: SharedTicket?, on eventLoop: any EventLoop) {
        guard let ticket, let shared = state.shared, let keyspace = state.keyspace, !answers.isEmpty else { return }
        let now = state.clock.now()
        let wall = wallNanos()
        let entries = answers.compactMap { key, answer, tasks -> (digest: String, entry: SharedEntry, px: Int64)? in
            let age = now - answer.storedAt
            let remaining = answer.lifetime - age
            guard remaining > .milliseconds(1) else { return nil }
            let entry = SharedEntry(
                epoch: UInt64(ticket.epoch) ?? 0, storedAtWallNanos: wall - age.nanoseconds, lifetimeNanos: answer.lifetime.nanoseconds,
                identityLength: answer.identityLength, contentType: answer.contentType, etag: answer.etag,
                associates: answer.associates, tasks: tasks, gzipBody: answer.gzipBody
            )
            return (key.digest, entry, remaining.nanoseconds / 1_000_000)
        }
        shared.write(entries, ticket: ticket, keyspace: keyspace, on: eventLoop)
    }

    /// Wall-clock now in nanoseconds since 1970: replicas compare entry ages by it.
    func wallNanos() -> Int64 {
        Int64(state.clock.date().timeIntervalSince1970 * 1_000_000_000)
    }
}
