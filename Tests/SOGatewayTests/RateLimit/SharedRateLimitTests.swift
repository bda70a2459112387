import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SuperOfficeStandIn
import TestSupport
import Testing
import UpstreamTransport

/// Rate limits shared across replicas through a real redis-server.
@Suite("Rate limits across replicas", .enabled(if: RedisServer.isAvailable, "needs redis-server"))
struct SharedRateLimitTests {
    static func yaml(standIn: String, port: Int, redis: String, policy: String = "closed", rps: String = "20", burst: Int = 10) -> String {
        """
        listen: { host: 127.0.0.1, port: \(port) }
        upstream:
          url: \(standIn)/Cust12345
          app_token: demo-app-token
          credentials: { ticket: "7T:alice-ticket" }
        clients:
          - name: partner-a
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerA))" ]
            rate_limit: { requests_per_second: \(rps), burst: \(burst) }
        rate_limit: { store: "\(redis)", on_store_failure: \(policy), store_timeout: 100ms, replicas: 2 }
        logging: { level: info, access_log: false }
        """
    }

    @Test(
        "Two gateway processes sharing one Redis enforce one global limit (within ±10%)",
        .enabled(if: GatewayProcess.isAvailable, "needs the so-gateway executable")
    )
    func twoReplicasOneLimit() async throws {
        let redis = try await RedisServer()
        defer { redis.kill() }
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown() } }
        let ports = [try freePort(), try freePort()]
        let gateways = try ports.map { try GatewayProcess(yaml: Self.yaml(standIn: standIn.baseURL, port: $0, redis: redis.url)) }
        for gateway in gateways { #expect(await gateway.waitForLog("listening")) }
        let client = GatewayClient()
        let started = ContinuousClock.now
        let window = Duration.seconds(4)
        let allowed = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                let port = ports[worker % 2]
                group.addTask {
                    var ok = 0
                    while ContinuousClock.now - started < window {
                        let response = try await client.send(
                            .GET, "/api/v1/Contact/5", port: port, headers: ["X-API-Key": TestKeys.partnerA], timeout: .seconds(5)
                        )
                        if response.status == .ok { ok += 1 }
                        try await Task.sleep(nanoseconds: 5_000_000)
                    }
                    return ok
                }
            }
            var total = 0
            for try await count in group { total += count }
            return total
        }
        let elapsed = Double((ContinuousClock.now - started).components.seconds) + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        let expected = 10 + 20 * elapsed
        await client.shutdown()
        for gateway in gateways { gateway.signal(SIGTERM) }
        for gateway in gateways { _ = await gateway.waitForExit(timeout: .seconds(10)) }
        #expect(abs(Double(allowed) - expected) <= expected * 0.10, "allowed \(allowed), expected about \(expected)")
        // Each replica alone would have allowed about twice as much: the limit is shared, not split.
        #expect(Double(allowed) < expected * 1.5)
    }

    @Test("Redis stopped mid-test: the closed policy holds, no request waits longer than the store timeout, and recovery follows")
    func redisStoppedClosedPolicy() async throws {
        let redis = try await RedisServer()
        defer { redis.kill() }
        try await withHarness(yaml: { Self.yaml(standIn: $0, port: 0, redis: redis.url, policy: "closed", rps: "1000", burst: 1000) }) { h in
            // The first call may meet a store connection still being made on a loaded machine: wait until one passes.
            var ready = false
            for _ in 0..<25 where !ready {
                ready = try await h.send(.GET, "/api/v1/Contact/5").status == .ok
                if !ready { try await Task.sleep(nanoseconds: 200_000_000) }
            }
            #expect(ready)
            redis.kill()
            for _ in 0..<5 {
                let started = ContinuousClock.now
                let response = try await h.send(.GET, "/api/v1/Contact/5")
                #expect(ContinuousClock.now - started < .milliseconds(900))
                #expect(response.status == .tooManyRequests)
                #expect(response.header("Retry-After") == "1")
            }
            try await redis.start()
            var recovered = false
            for _ in 0..<50 where !recovered {
                try await Task.sleep(nanoseconds: 200_000_000)
                recovered = try await h.send(.GET, "/api/v1/Contact/5").status == .ok
            }
            #expect(recovered)
            #expect(h.logs.all.contains { $0.contains("degraded") || $0.contains("unreachable") || $0.contains("store") })
        }
    }

    @Test("Redis stopped mid-test: the open policy lets requests through without waiting")
    func redisStoppedOpenPolicy() async throws {
        let redis = try await RedisServer()
        defer { redis.kill() }
        try await withHarness(yaml: { Self.yaml(standIn: $0, port: 0, redis: redis.url, policy: "open", rps: "0.01", burst: 1) }) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .tooManyRequests)
            redis.kill()
            for _ in 0..<5 {
                let started = ContinuousClock.now
                let response = try await h.send(.GET, "/api/v1/Contact/5")
                #expect(ContinuousClock.now - started < .milliseconds(900))
                #expect(response.status == .ok)
            }
        }
    }
}
