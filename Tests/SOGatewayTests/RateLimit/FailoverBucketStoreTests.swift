import Foundation
import GatewayConfig
import Logging
import NIOCore
import NIOPosix
import RESPClient
import SOGateway
import TestSupport
import Testing

/// The shared (Redis) token bucket and the failover policy around it, against real redis-server processes.
@Suite("Redis token buckets and the store failure policy")
struct FailoverBucketStoreTests {
    let group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    /// The caller's event loop for every call of one test.
    let loop: any EventLoop

    init() {
        loop = group.next()
    }

    // MARK: The script's arithmetic (RedisBucketStore)
    //
    // Rates are tiny (one token per 1000 s) so the real time a busy machine spends between two takes adds
    // almost nothing; elapsed time is simulated by moving the bucket's stored Redis timestamp back.

    @Test("A burst is allowed, the next take is denied with the time to one token, and the policy is burst / rate")
    func burstThenDeny() async throws {
        try await withRedisStore { store, _ in
            let key = uniqueKey()
            for expected in [2.0, 1.0, 0.0] {
                let decision = try await store.take(key: key, rate: 0.001, burst: 3, on: loop).get()
                #expect(decision.allowed)
                #expect(abs(decision.remaining - expected) < 0.01)
            }
            let denied = try await store.take(key: key, rate: 0.001, burst: 3, on: loop).get()
            #expect(!denied.allowed)
            #expect(denied.retryAfter > .seconds(990) && denied.retryAfter <= .seconds(1000))
            #expect(denied.limit == 3)
            #expect(denied.window == .seconds(3000))
        }
    }

    @Test("Tokens refill by the elapsed Redis time, capped at the burst")
    func refill() async throws {
        try await withRedisStore { store, client in
            let key = uniqueKey()
            let redisKey = RedisBucketStore.keyPrefix + key
            for _ in 0..<4 { _ = try await store.take(key: key, rate: 0.001, burst: 4, on: loop).get() }
            #expect(try await store.take(key: key, rate: 0.001, burst: 4, on: loop).get().allowed == false)

            // 2000 s at one token per 1000 s: two tokens.
            try await shiftClock(of: redisKey, bySeconds: -2000, client: client)
            #expect(try await store.take(key: key, rate: 0.001, burst: 4, on: loop).get().allowed)
            #expect(try await store.take(key: key, rate: 0.001, burst: 4, on: loop).get().allowed)
            #expect(try await store.take(key: key, rate: 0.001, burst: 4, on: loop).get().allowed == false)

            // A year refills no more than the burst.
            try await shiftClock(of: redisKey, bySeconds: -31_536_000, client: client)
            let full = try await store.take(key: key, rate: 0.001, burst: 4, on: loop).get()
            #expect(full.allowed)
            #expect(abs(full.remaining - 3) < 0.01)
        }
    }

    @Test("The retry-after of a denial is the time to the missing fraction of a token, as TokenBucket computes it")
    func retryAfterMatchesTokenBucket() async throws {
        try await withRedisStore { store, client in
            let key = uniqueKey()
            let redisKey = RedisBucketStore.keyPrefix + key
            _ = try await store.take(key: key, rate: 0.001, burst: 1, on: loop).get()
            // 250 s later a quarter token is back; three quarters (750 s) are missing.
            try await shiftClock(of: redisKey, bySeconds: -250, client: client)
            let denied = try await store.take(key: key, rate: 0.001, burst: 1, on: loop).get()

            var local = TokenBucket(rate: 0.001, burst: 1, now: .uptimeNanoseconds(0))
            _ = local.take(now: .uptimeNanoseconds(0))
            let localDenied = local.take(now: .uptimeNanoseconds(250_000_000_000))

            #expect(!denied.allowed && !localDenied.allowed)
            #expect(localDenied.retryAfter == .seconds(750))
            #expect(abs(Double(denied.retryAfter.nanoseconds - localDenied.retryAfter.nanoseconds)) < 5e9)
            #expect(abs(denied.remaining - localDenied.remaining) < 0.005)
            #expect(denied.window == localDenied.window)
        }
    }

    @Test("The bucket key expires when the bucket would be full again, plus one second")
    func keyExpiry() async throws {
        try await withRedisStore { store, client in
            let key = uniqueKey()
            let redisKey = RedisBucketStore.keyPrefix + key
            // One token used at 0.01 tokens/s: full again in 100 s, so the key lives 101 s.
            _ = try await store.take(key: key, rate: 0.01, burst: 10, on: loop).get()
            let afterOne = try await client.send(["PTTL", redisKey], on: loop).get().integer ?? -1
            #expect(afterOne > 95_000 && afterOne <= 101_000)
            for _ in 0..<9 { _ = try await store.take(key: key, rate: 0.01, burst: 10, on: loop).get() }
            let drained = try await client.send(["PTTL", redisKey], on: loop).get().integer ?? -1
            #expect(drained > 995_000 && drained <= 1_001_000)
            let fields = try await client.send(["HGETALL", redisKey], on: loop).get().array?.compactMap(\.string) ?? []
            #expect(Set(stride(from: 0, to: fields.count, by: 2).map { fields[$0] }) == ["tokens", "ts"])
        }
    }

    @Test("Two stores (two replicas) share one bucket per key")
    func sharedAcrossReplicas() async throws {
        try await withRedisStore { first, _ in
            let second = RedisBucketStore(client: RESPClient(configuration: first.client.configuration, group: group), timeout: .seconds(5))
            let key = uniqueKey()
            var allowed = 0
            for index in 0..<6 {
                let store = index.isMultiple(of: 2) ? first : second
                if try await store.take(key: key, rate: 0.001, burst: 4, on: loop).get().allowed { allowed += 1 }
            }
            #expect(allowed == 4)
            await second.shutdown()
        }
    }

    // MARK: Failure policy (FailoverBucketStore)

    @Test("open: with Redis down, requests are allowed with the full burst remaining; one warning, one metric")
    func openPolicy() async throws {
        let capture = LogCapture()
        let metrics = GatewayMetrics()
        let store = FailoverBucketStore(
            primary: try await deadStore(), policy: .open, replicas: 1, logger: logger(capture), metrics: metrics
        )
        for _ in 0..<5 {
            let decision = try await store.take(key: "client:a", rate: 1, burst: 3, on: loop).get()
            #expect(decision.allowed)
            #expect(decision.remaining == 3)
            #expect(decision.limit == 3)
        }
        #expect(!store.isHealthy)
        #expect(transitions(metrics, to: "degraded") == 1)
        #expect(capture.all.filter { $0.hasPrefix("warning") && $0.contains("store unreachable") }.count == 1)
        await store.shutdown()
    }

    @Test("closed: with Redis down, requests are denied with Retry-After 1 s")
    func closedPolicy() async throws {
        let store = FailoverBucketStore(primary: try await deadStore(), policy: .closed, replicas: 1, logger: logger(LogCapture()), metrics: nil)
        for _ in 0..<3 {
            let decision = try await store.take(key: "client:a", rate: 100, burst: 100, on: loop).get()
            #expect(!decision.allowed)
            #expect(decision.retryAfterSeconds == 1)
        }
        await store.shutdown()
    }

    @Test("local: with Redis down, each replica enforces its share (limits divided by replicas)")
    func localPolicy() async throws {
        let store = FailoverBucketStore(primary: try await deadStore(), policy: .local, replicas: 2, logger: logger(LogCapture()), metrics: nil)
        var outcomes = [Bool]()
        for _ in 0..<3 {
            outcomes.append(try await store.take(key: "client:a", rate: 0.01, burst: 4, on: loop).get().allowed)
        }
        #expect(outcomes == [true, true, false])
        await store.shutdown()
    }

    @Test("A frozen Redis (SIGSTOP) costs a request at most the store timeout; later requests do not wait at all")
    func frozenRedisBoundedWait() async throws {
        let server = try await RedisServer()
        defer { server.kill() }
        let primary = RedisBucketStore(url: server.redisURL, timeout: .milliseconds(100), group: group)
        let store = FailoverBucketStore(primary: primary, policy: .local, replicas: 1, logger: logger(LogCapture()), metrics: nil)
        // Warm up (connect, load the script); on a busy machine the first round trip may exceed 100 ms.
        try await waitUntil("Redis answers the probe") { try await store.probe(on: loop).get() }
        server.pause()
        defer { server.resume() }
        let started = ContinuousClock.now
        let first = try await store.take(key: "client:a", rate: 1, burst: 5, on: loop).get()
        let firstWait = ContinuousClock.now - started
        #expect(first.allowed)
        #expect(firstWait < .seconds(1))
        #expect(!store.isHealthy)
        let again = ContinuousClock.now
        for _ in 0..<4 { _ = try await store.take(key: "client:a", rate: 1, burst: 5, on: loop).get() }
        #expect(ContinuousClock.now - again < .milliseconds(500))
        await store.shutdown()
    }

    @Test("After Redis comes back, a background probe returns the store to healthy: one notice, one metric")
    func recovery() async throws {
        let server = try await RedisServer()
        defer { server.kill() }
        let capture = LogCapture()
        let metrics = GatewayMetrics()
        let primary = RedisBucketStore(url: server.redisURL, timeout: .milliseconds(200), group: group)
        let store = FailoverBucketStore(
            primary: primary, policy: .local, replicas: 1, logger: logger(capture), metrics: metrics,
            probeInterval: .milliseconds(100)
        )
        try await waitUntil("Redis answers the probe") { try await store.probe(on: loop).get() }
        let degradedBefore = transitions(metrics, to: "degraded")
        server.kill()
        _ = try await store.take(key: "client:r", rate: 1, burst: 5, on: loop).get()
        #expect(!store.isHealthy)
        try await server.start()
        try await waitUntil("the store is healthy again") { store.isHealthy }
        #expect(store.isHealthy)
        // One degrade for the kill, one recovery (plus a pair per warm-up failure on a busy machine).
        #expect(transitions(metrics, to: "degraded") == degradedBefore + 1)
        #expect(transitions(metrics, to: "healthy") == degradedBefore + 1)
        #expect(capture.all.filter { $0.hasPrefix("notice") && $0.contains("answers again") }.count == degradedBefore + 1)
        // Back on the shared store: the bucket lives in (the restarted, empty) Redis again.
        _ = try await store.take(key: "client:r", rate: 1, burst: 5, on: loop).get()
        let exists = try await primary.client.send(["EXISTS", RedisBucketStore.keyPrefix + "client:r"], on: loop).get()
        #expect(exists == .integer(1))
        await store.shutdown()
    }

    @Test("While degraded, Redis is probed at most once per interval, never per request, and recovers when writes work")
    func probeRate() async throws {
        let server = try await RedisServer()
        defer { server.kill() }
        let admin = RESPClient(configuration: RESPClientConfiguration(host: "127.0.0.1", port: server.port), group: group)
        // Redis up but refusing writes (as a replica would): PING works, the script does not.
        _ = try await admin.send(["CONFIG", "SET", "min-replicas-to-write", "1"], on: loop).get()
        let metrics = GatewayMetrics()
        let store = FailoverBucketStore(
            primary: RedisBucketStore(url: server.redisURL, timeout: .seconds(2), group: group), policy: .local, replicas: 1,
            logger: logger(LogCapture()), metrics: metrics, probeInterval: .milliseconds(200)
        )
        _ = try await store.take(key: "client:p", rate: 1, burst: 100, on: loop).get()
        #expect(!store.isHealthy)
        let before = try await scriptCalls(admin)
        let started = ContinuousClock.now
        for _ in 0..<50 { _ = try await store.take(key: "client:p", rate: 1, burst: 100, on: loop).get() }
        // Not per request: 50 takes cost at most the probes their time allows.
        let takes = ContinuousClock.now - started
        #expect(try await scriptCalls(admin) - before <= Int(takes / .milliseconds(200)) + 1)
        // Probing goes on while degraded, at most once per interval.
        try await waitUntil("three probes ran") { try await scriptCalls(admin) - before >= 3 }
        let elapsed = ContinuousClock.now - started
        let probes = try await scriptCalls(admin) - before
        #expect(probes >= 3)
        #expect(probes <= Int(elapsed / .milliseconds(200)) + 1)
        #expect(!store.isHealthy)

        _ = try await admin.send(["CONFIG", "SET", "min-replicas-to-write", "0"], on: loop).get()
        try await waitUntil("the store is healthy again") { store.isHealthy }
        #expect(store.isHealthy)
        #expect(transitions(metrics, to: "healthy") == 1)
        await admin.shutdown()
        await store.shutdown()
    }

    @Test("probe(on:) checks Redis on demand and reports the state, with the same single transition")
    func probeOnDemand() async throws {
        let metrics = GatewayMetrics()
        let dead = FailoverBucketStore(primary: try await deadStore(), policy: .open, replicas: 1, logger: logger(LogCapture()), metrics: metrics)
        #expect(dead.isHealthy)
        #expect(try await dead.probe(on: loop).get() == false)
        #expect(try await dead.probe(on: loop).get() == false)
        #expect(transitions(metrics, to: "degraded") == 1)
        await dead.shutdown()

        try await withRedisStore { primary, _ async throws in
            let live = FailoverBucketStore(primary: primary, policy: .open, replicas: 1, logger: logger(LogCapture()), metrics: nil)
            #expect(try await live.probe(on: loop).get())
            #expect(live.isHealthy)
        }
    }

    @Test("Log lines about the store never contain the Redis password")
    func noSecretInLogs() async throws {
        let capture = LogCapture()
        let url = RedisURL(host: "127.0.0.1", port: try RedisServer.freePort(), password: "hunter2-secret")
        let store = FailoverBucketStore(
            primary: RedisBucketStore(url: url, timeout: .milliseconds(200), group: group), policy: .open, replicas: 1,
            logger: logger(capture), metrics: nil
        )
        _ = try await store.take(key: "client:a", rate: 1, burst: 1, on: loop).get()
        #expect(!capture.all.isEmpty)
        #expect(capture.all.allSatisfy { !$0.contains("hunter2-secret") })
        await store.shutdown()
    }
}

// MARK: - Helpers

extension FailoverBucketStoreTests {
    private func uniqueKey() -> String {
        "test:\(UUID().uuidString)"
    }

    private func logger(_ capture: LogCapture) -> Logger {
        var logger = Logger(label: "rate-limit-test", factory: capture.handler(label:))
        logger.logLevel = .trace
        return logger
    }

    /// A store whose Redis is a port nothing listens on.
    private func deadStore() async throws -> RedisBucketStore {
        RedisBucketStore(url: RedisURL(host: "127.0.0.1", port: try RedisServer.freePort()), timeout: .milliseconds(200), group: group)
    }

    /// The counter's value in the Prometheus text, 0 when absent.
    private func transitions(_ metrics: GatewayMetrics, to state: String) -> Int {
        let prefix = "so_gateway_ratelimit_store_transitions_total{to=\"\(state)\"} "
        let text = String(decoding: metrics.render(), as: UTF8.self)
        return text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
    }

    /// How many times Redis ran a script (EVALSHA or EVAL, including failed runs).
    private func scriptCalls(_ client: RESPClient) async throws -> Int {
        let info = try await client.send(["INFO", "commandstats"], on: loop).get().string ?? ""
        var total = 0
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_evalsha:") || line.hasPrefix("cmdstat_eval:") {
            for field in line.split(separator: ":", maxSplits: 1).last?.split(separator: ",") ?? [] {
                let parts = field.split(separator: "=")
                if parts.count == 2, ["calls", "rejected_calls"].contains(parts[0]) { total += Int(parts[1]) ?? 0 }
            }
        }
        return total
    }

    /// Moves a bucket's stored timestamp, as if that much Redis time had passed since the last take.
    private func shiftClock(of redisKey: String, bySeconds seconds: Double, client: RESPClient) async throws {
        let stored = try await client.send(["HGET", redisKey, "ts"], on: loop).get().string.flatMap(Double.init) ?? 0
        let shifted = String(format: "%.0f", stored + seconds * 1_000_000)
        _ = try await client.send(["HSET", redisKey, "ts", shifted], on: loop).get()
    }

    /// Runs `body` with a store on the test script's Redis (`SO_TEST_REDIS_URL`) or on a private one.
    private func withRedisStore(_ body: (RedisBucketStore, RESPClient) async throws -> Void) async throws {
        var server: RedisServer?
        let url: RedisURL
        if let text = ProcessInfo.processInfo.environment["SO_TEST_REDIS_URL"], let parsed = RedisURL.parse(text) {
            url = parsed
        } else {
            let started = try await RedisServer()
            server = started
            url = started.redisURL
        }
        defer { server?.kill() }
        // Generous timeout: parallel suites on two cores can stall an event loop; failures are tested elsewhere.
        let store = RedisBucketStore(url: url, timeout: .seconds(5), group: group)
        do {
            try await body(store, store.client)
        } catch {
            await store.shutdown()
            throw error
        }
        await store.shutdown()
    }
}

extension RedisServer {
    /// This server as the gateway's `RedisURL` (`url` is the same address as text).
    fileprivate var redisURL: RedisURL { RedisURL(host: "127.0.0.1", port: port) }
}
