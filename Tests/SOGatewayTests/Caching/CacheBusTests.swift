import Foundation
import NIOCore
import NIOPosix
import SuperOfficeStandIn
import Testing
import TestSupport
import UpstreamTransport

private let taskPath = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
private let json = [("Content-Type", "application/json")]
private let adminKey = "admin-key-0123456789abcdefghijklmnopqrstu"

/// Two replicas sharing a real redis-server as `cache.bus`. Associate 5 has only finished tasks in the stand-in, so
/// its entries keep the long ttl unless an invalidation removes them.
private func busYAML(_ url: String, redis: String) -> String {
    TestHarness.defaultYAML(standInURL: url, extra: """
        cache: { ttl: 60s, active_ttl: 1s, stale_while_revalidate: 0s, stale_if_error: 0s, bus: "\(redis)" }
        admin: { listen: { host: 127.0.0.1, port: 0 }, api_keys_sha256: [ "\(TestKeys.hash(adminKey))" ] }
        """)
}

private func isHit(_ response: GatewayAnswer) -> Bool {
    response.header("Cache-Status")?.contains("hit") == true
}

@Suite("Cache invalidations reach every replica over the Redis bus", .serialized, .enabled(if: RedisServer.isAvailable))
struct CacheBusTests {
    @Test("A write through one replica and a purge through the other are seen by both within 0.5 s")
    func writeAndPurgePropagate() async throws {
        let redis = try await RedisServer()
        defer { redis.kill() }
        // A frozen clock: entries leave only by invalidation, never by active_ttl on a slow machine.
        let frozen = ManualClock()
        try await withHarness(yaml: { busYAML($0, redis: redis.url) }, clock: frozen.clock) { h in
            let b = try await h.startReplica(yaml: { busYAML($0, redis: redis.url) }, clock: frozen.clock)
            do {
                try await Self.propagate(h, b)
            } catch {
                await b.gateway.shutdown()
                throw error
            }
            await b.gateway.shutdown()
        }
    }

    private static func propagate(_ h: TestHarness, _ b: Replica) async throws {
            try await waitUntil("both replicas are subscribed") {
                h.gateway.isCacheBusSubscribed == true && b.gateway.isCacheBusSubscribed == true
            }
            let five = #"{"AssociateIds":[5]}"#
            let six = #"{"AssociateIds":[6]}"#
            _ = try await h.send(.POST, taskPath, headers: json, body: five)
            _ = try await h.send(to: b, .POST, taskPath, headers: json, body: five)
            _ = try await h.send(to: b, .POST, taskPath, headers: json, body: six)
            #expect(isHit(try await h.send(to: b, .POST, taskPath, headers: json, body: five)))

            let written = try await h.send(.POST, "/api/v1/Agents/Batch/StartBatchJob", headers: json, body: #"{"BatchTaskInfo":{"AssociateId":5}}"#)
            #expect(written.status == .ok)
            try await waitUntil(timeout: .milliseconds(500), "replica b drops associate 5 after a write through a") {
                try await !isHit(h.send(to: b, .POST, taskPath, headers: json, body: five))
            }
            #expect(isHit(try await h.send(to: b, .POST, taskPath, headers: json, body: six)))

            // A purge through b's admin port reaches a.
            _ = try await h.send(.POST, taskPath, headers: json, body: five)
            #expect(isHit(try await h.send(.POST, taskPath, headers: json, body: five)))
            let adminPort = try #require(b.gateway.adminPort)
            let purged = try await h.client.send(.POST, "/cache/purge?associate=5", port: adminPort, headers: ["X-API-Key": adminKey], timeout: .seconds(5))
            #expect(purged.status == .ok)
            try await waitUntil(timeout: .milliseconds(500), "replica a drops associate 5 after a purge through b") {
                try await !isHit(h.send(.POST, taskPath, headers: json, body: five))
            }
    }

    @Test("With Redis down a replica serves entries only within active_ttl, and after Redis returns it resubscribes and drops what it stored")
    func redisDownBoundsStaleness() async throws {
        let redis = try await RedisServer()
        let clock = ManualClock()
        let yaml: (String) -> String = {
            busYAML($0, redis: redis.url).replacingOccurrences(of: "stale_while_revalidate: 0s, stale_if_error: 0s", with: "stale_while_revalidate: 30s, stale_if_error: 30s")
        }
        try await withHarness(yaml: yaml, clock: clock.clock) { h in
            try await waitUntil("subscribed") { h.gateway.isCacheBusSubscribed == true }
            let five = #"{"AssociateIds":[5]}"#
            _ = try await h.send(.POST, taskPath, headers: json, body: five)
            clock.advance(by: .seconds(2))
            #expect(isHit(try await h.send(.POST, taskPath, headers: json, body: five)), "subscribed: finished answers keep ttl")

            redis.kill()
            try await waitUntil("unsubscribed after Redis went away") { h.gateway.isCacheBusSubscribed == false }
            let expired = try await h.send(.POST, taskPath, headers: json, body: five)
            #expect(expired.header("Cache-Status")?.contains("fwd=miss") == true, "unsubscribed: older than active_ttl, stale windows included: \(expired.header("Cache-Status") ?? "")")
            let within = try await h.send(.POST, taskPath, headers: json, body: five)
            #expect(isHit(within), "unsubscribed: within active_ttl \(within.header("Cache-Status") ?? "")")
            clock.advance(by: .milliseconds(1100))
            #expect(!isHit(try await h.send(.POST, taskPath, headers: json, body: five)))
            // Writes and reads keep working while Redis is down.
            // (Associate 8, so associate 5 keeps only finished tasks for the last check.)
            let eight = #"{"AssociateIds":[8]}"#
            _ = try await h.send(.POST, taskPath, headers: json, body: eight)
            let written = try await h.send(.POST, "/api/v1/Agents/Batch/StartBatchJob", headers: json, body: #"{"BatchTaskInfo":{"AssociateId":8}}"#)
            #expect(written.status == .ok)
            #expect(!isHit(try await h.send(.POST, taskPath, headers: json, body: eight)))
            let ready = try await h.send(.GET, "/readyz", key: nil)
            #expect(ready.status != .serviceUnavailable)

            try await redis.start()
            try await waitUntil(timeout: .seconds(15), "resubscribed after Redis returned") { h.gateway.isCacheBusSubscribed == true }
            #expect(!isHit(try await h.send(.POST, taskPath, headers: json, body: five)), "dropped on resubscription")
            clock.advance(by: .seconds(2))
            #expect(isHit(try await h.send(.POST, taskPath, headers: json, body: five)), "subscribed again: ttl in force")
        }
    }

    /// The replicas as separate gateway processes, with Redis killed and restarted under them.
    @Test("Two gateway processes: a write through one is seen by the other within 0.5 s, before Redis is killed and after it returns",
          .enabled(if: GatewayProcess.isAvailable, "needs the so-gateway executable"))
    func processesResumeAfterRedisReturns() async throws {
        let redis = try await RedisServer()
        defer { redis.kill() }
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        let client = GatewayClient()
        let ports = try (0..<2).map { _ in (partner: try freePort(), admin: try freePort()) }
        let gateways = try ports.map { port in
            try GatewayProcess(yaml: """
                listen: { host: 127.0.0.1, port: \(port.partner) }
                upstream: { url: \(standIn.baseURL)/Cust12345, app_token: demo-app-token, credentials: { ticket: "7T:alice-ticket" } }
                clients: [ { name: partner-a, api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerA))" ] } ]
                cache: { ttl: 60s, active_ttl: 1s, stale_while_revalidate: 0s, stale_if_error: 0s, bus: "\(redis.url)" }
                admin: { listen: { host: 127.0.0.1, port: \(port.admin) }, api_keys_sha256: [ "\(TestKeys.hash(adminKey))" ] }
                logging: { level: info, access_log: false }
                """)
        }
        func call(_ port: Int, _ target: String, body: String? = nil, key: String = TestKeys.partnerA) async throws -> GatewayAnswer {
            try await client.send(
                body == nil ? .GET : .POST, target, port: port, headers: ["X-API-Key": key, "Content-Type": "application/json"],
                body: body.map { ByteBuffer(string: $0) }, timeout: .seconds(5)
            )
        }
        func bothSubscribed() async throws -> Bool {
            for port in ports where try await !call(port.admin, "/metrics", key: adminKey).text.contains("so_gateway_cache_bus_subscribed 1") {
                return false
            }
            return true
        }
        func writeThroughAIsSeenByB() async throws {
            let five = #"{"AssociateIds":[5]}"#
            _ = try await call(ports[1].partner, taskPath, body: five)
            #expect(isHit(try await call(ports[1].partner, taskPath, body: five)))
            let written = try await call(ports[0].partner, "/api/v1/Agents/Batch/StopBatchJob", body: #"{"Id":501}"#)
            #expect(written.status == .ok)
            try await waitUntil(timeout: .milliseconds(500), "replica b drops associate 5 after a write through a") {
                try await !isHit(call(ports[1].partner, taskPath, body: five))
            }
        }
        do {
            for gateway in gateways { #expect(await gateway.waitForLog("listening")) }
            // Replica a learns task 501's associate from its own fill, so its write names associate 5 on the bus.
            _ = try await call(ports[0].partner, taskPath, body: #"{"AssociateIds":[5]}"#)
            try await waitUntil("both processes are subscribed", bothSubscribed)
            try await writeThroughAIsSeenByB()

            redis.kill()
            try await waitUntil("both processes notice Redis is gone") { try await !bothSubscribed() }
            #expect(try await call(ports[0].partner, taskPath, body: #"{"AssociateIds":[6]}"#).status == .ok)
            try await redis.start()
            try await waitUntil(timeout: .seconds(15), "both processes resubscribe", bothSubscribed)
            _ = try await call(ports[0].partner, taskPath, body: #"{"AssociateIds":[5]}"#)
            try await writeThroughAIsSeenByB()
        } catch {
            for port in ports {
                let lines = (try? await call(port.admin, "/metrics", key: adminKey).text) ?? ""
                let busLines = lines.split(separator: "\n").filter { ($0.contains("cache_bus") && !$0.contains("bucket")) || $0.contains("invalidations") }
                Issue.record("\(error); replica on \(port.partner): \(busLines.joined(separator: " | "))")
            }
        }
        await client.shutdown()
        for gateway in gateways { gateway.signal(SIGTERM) }
        for gateway in gateways { _ = await gateway.waitForExit(timeout: .seconds(10)) }
        try? await standIn.shutdown()
    }
}
