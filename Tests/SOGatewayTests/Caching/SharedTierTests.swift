import Foundation
import NIOCore
import NIOPosix
import RESPClient
import SOGateway
import SuperOfficeStandIn
import Testing
import TestSupport
import UpstreamTransport

private let taskPath = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
private let json = [("Content-Type", "application/json")]
private let adminKey = "admin-key-0123456789abcdefghijklmnopqrstu"

/// Replicas sharing a real redis-server as `cache.shared_store` (and so as `cache.bus`). Associates with N % 3 == 2
/// (5, 8, 11, 14, ...) have only finished tasks in the stand-in, so their entries keep the ttl.
private func sharedYAML(_ url: String, redis: String, compose: Bool = false, bus: String? = nil) -> String {
    TestHarness.defaultYAML(standInURL: url, extra: """
        cache: { ttl: 60s, stale_while_revalidate: 0s, stale_if_error: 0s, compose_by_associate: \(compose), shared_store: "\(redis)", shared_wait: 3s, bus: "\(bus ?? redis)" }
        admin: { listen: { host: 127.0.0.1, port: 0 }, api_keys_sha256: [ "\(TestKeys.hash(adminKey))" ] }
        """)
}

private func detail(_ response: GatewayAnswer) -> String {
    response.header("Cache-Status") ?? ""
}

/// The task ids of an answer, in order.
private func taskIds(_ response: GatewayAnswer) throws -> [Int] {
    let tasks = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [[String: Any]] ?? []
    return tasks.compactMap { $0["Id"] as? Int }
}

/// A Redis client of the test's own, to look at and damage what the gateway stored.
private func withRedis<T>(_ redis: RedisServer, _ body: (RESPClient) async throws -> T) async throws -> T {
    let client = RESPClient(
        configuration: RESPClientConfiguration(host: "127.0.0.1", port: redis.port, defaultCommandTimeout: .seconds(2)),
        group: MultiThreadedEventLoopGroup.singleton
    )
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

private func entryKeys(_ client: RESPClient) async throws -> [String] {
    try await client.send(["KEYS", "so-gateway:tc:*:e:*"]).get().array?.compactMap(\.string) ?? []
}

@Suite("One cache for all replicas: the shared tier in Redis", .serialized, .enabled(if: RedisServer.isAvailable))
struct SharedTierTests {
    /// Runs `body` with the harness's gateway and `count` more replicas, all on one shared tier.
    /// - Parameter firstBus: `cache.bus` of the harness's gateway (default: the shared Redis, like the others).
    private func withReplicas(
        _ count: Int, compose: Bool = false, firstBus: String? = nil, _ body: (TestHarness, [Replica], RedisServer) async throws -> Void
    ) async throws {
        let redis = try await RedisServer()
        defer { redis.kill() }
        try await withHarness(yaml: { sharedYAML($0, redis: redis.url, compose: compose, bus: firstBus) }) { h in
            var replicas: [Replica] = []
            do {
                for _ in 0..<count {
                    replicas.append(try await h.startReplica(yaml: { sharedYAML($0, redis: redis.url, compose: compose) }))
                }
                try await body(h, replicas, redis)
            } catch {
                for replica in replicas { await replica.gateway.shutdown() }
                throw error
            }
            for replica in replicas { await replica.gateway.shutdown() }
        }
    }

    @Test("A fill through one replica is served by every other from Redis, without another upstream call")
    func oneFillSharedByAll() async throws {
        try await withReplicas(2) { h, replicas, _ in
            let calls = { h.standIn.batchCallCount("GetBatchTaskInfosByAssociates") }
            let body = #"{"AssociateIds":[8,5]}"#
            let first = try await h.send(.POST, taskPath, headers: json, body: body)
            #expect(first.status == .ok)
            #expect(detail(first).contains("stored"))
            for replica in replicas {
                let shared = try await h.send(to: replica, .POST, taskPath, headers: json, body: #"{"AssociateIds":[5,8,5]}"#)
                #expect(shared.status == .ok)
                #expect(detail(shared).contains("detail=shared"), "\(detail(shared))")
                #expect(shared.text == first.text)
                #expect(shared.header("ETag") == first.header("ETag"))
                let local = try await h.send(to: replica, .POST, taskPath, headers: json, body: body)
                #expect(detail(local).hasPrefix("so-gateway; hit; ttl="), "then from its own memory")
            }
            #expect(calls() == 1)
        }
    }

    @Test("Fragments filled through one replica compose answers on another (compose_by_associate)")
    func fragmentsAreShared() async throws {
        try await withReplicas(1, compose: true) { h, replicas, _ in
            let calls = { h.standIn.batchCallCount("GetBatchTaskInfosByAssociates") }
            _ = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[5,8]}"#)
            _ = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[11]}"#)
            #expect(calls() == 2)
            let composed = try await h.send(to: replicas[0], .POST, taskPath, headers: json, body: #"{"AssociateIds":[11,8,5]}"#)
            #expect(detail(composed).contains("detail=composed-shared"), "\(detail(composed))")
            #expect(try taskIds(composed) == [501, 502, 503, 801, 802, 803, 1101, 1102, 1103])
            // One associate new to everyone: only it goes upstream.
            let partly = try await h.send(to: replicas[0], .POST, taskPath, headers: json, body: #"{"AssociateIds":[5,14]}"#)
            #expect(try taskIds(partly) == [501, 502, 503, 1401, 1402, 1403])
            #expect(calls() == 3)
            #expect(h.standIn.received.last?.bodyText.contains("14") == true)
            #expect(h.standIn.received.last?.bodyText.contains("5,") == false)
        }
    }

    @Test("Replicas missing the same set at once cause one upstream call: the others wait for the fill's announcement")
    func coalescingAcrossReplicas() async throws {
        try await withReplicas(2) { h, replicas, _ in
            let calls = { h.standIn.batchCallCount("GetBatchTaskInfosByAssociates") }
            let body = #"{"AssociateIds":[11]}"#
            let gate = h.standIn.holdAnswers(pathContaining: "GetBatchTaskInfosByAssociates", times: 3)
            async let first = h.send(.POST, taskPath, headers: json, body: body)
            try await gate.waitUntilHeld(count: 1)
            async let second = h.send(to: replicas[0], .POST, taskPath, headers: json, body: body)
            async let third = h.send(to: replicas[1], .POST, taskPath, headers: json, body: body)
            try await waitUntil("both other replicas wait for the fill") {
                replicas.allSatisfy { $0.gateway.sharedTierWaiting == 1 }
            }
            gate.release()
            let answers = try await [first, second, third]
            #expect(calls() == 1)
            #expect(answers.allSatisfy { $0.status == .ok && $0.text == answers[0].text })
            #expect(detail(answers[1]).contains("detail=shared") && detail(answers[2]).contains("detail=shared"))
        }
    }

    @Test("A write through one replica deletes the entry from Redis: a replica that never held it asks upstream")
    func invalidationReachesSharedTier() async throws {
        try await withReplicas(2) { h, replicas, redis in
            let calls = { h.standIn.batchCallCount("GetBatchTaskInfosByAssociates") }
            let body = #"{"AssociateIds":[5]}"#
            _ = try await h.send(.POST, taskPath, headers: json, body: body)
            _ = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[8]}"#)
            try await waitUntil("both fills are in Redis") { try await withRedis(redis, entryKeys).count == 2 }
            let started = try await h.send(to: replicas[0], .POST, "/api/v1/Agents/Batch/StartBatchJob", headers: json, body: #"{"BatchTaskInfo":{"AssociateId":5}}"#)
            #expect(started.status == .ok)
            // The write's answer came after Redis dropped the entry: no waiting for the bus.
            #expect(try await withRedis(redis, entryKeys).count == 1)
            let after = try await h.send(to: replicas[1], .POST, taskPath, headers: json, body: body)
            #expect(!detail(after).contains("shared"), "\(detail(after))")
            #expect(try taskIds(after).count == 4, "the started job is in the answer")
            #expect(calls() == 3)
            #expect(detail(try await h.send(to: replicas[1], .POST, taskPath, headers: json, body: #"{"AssociateIds":[8]}"#)).contains("shared"))
        }
    }

    /// With the bus, the filler may hear of the write before it stores; without it (an unreachable `cache.bus`), only
    /// the generation check in Redis stands between the old answer and the shared tier.
    @Test("A fill that read upstream before another replica's write is not stored in Redis after it", arguments: [true, false])
    func generationRuleAcrossReplicas(busWorks: Bool) async throws {
        try await withReplicas(2, firstBus: busWorks ? nil : "redis://127.0.0.1:1") { h, replicas, redis in
            let body = #"{"AssociateIds":[5]}"#
            let gate = h.standIn.holdAnswers(pathContaining: "GetBatchTaskInfosByAssociates", times: 1)
            async let filled = h.send(.POST, taskPath, headers: json, body: body)
            try await gate.waitUntilHeld(count: 1)
            let started = try await h.send(to: replicas[0], .POST, "/api/v1/Agents/Batch/StartBatchJob", headers: json, body: #"{"BatchTaskInfo":{"AssociateId":5}}"#)
            #expect(started.status == .ok)
            gate.release()
            let old = try await filled
            #expect(try taskIds(old).count == 3, "the fill read before the write")
            try await waitUntil("the fill is refused here or in Redis") {
                let metrics = try await h.adminMetrics(of: h.gateway)
                return metrics.contains("so_gateway_cache_shared_refused_stores_total 1") || metrics.contains("so_gateway_cache_discarded_fills_total 1")
            }
            if !busWorks {
                #expect(try await h.adminMetrics(of: h.gateway).contains("so_gateway_cache_shared_refused_stores_total 1"))
            }
            #expect(try await withRedis(redis, entryKeys).isEmpty)
            let fresh = try await h.send(to: replicas[1], .POST, taskPath, headers: json, body: body)
            #expect(try taskIds(fresh).count == 4)
        }
    }

    @Test("Bytes changed, cut short or moved in Redis are rejected, counted, and the answer comes from upstream", arguments: ["checksum", "length", "moved"])
    func corruptedEntriesRejected(damage: String) async throws {
        try await withReplicas(1) { h, replicas, redis in
            let calls = { h.standIn.batchCallCount("GetBatchTaskInfosByAssociates") }
            let good = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[5]}"#)
            _ = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[8]}"#)
            try await waitUntil("both fills are in Redis") { try await withRedis(redis, entryKeys).count == 2 }
            try await withRedis(redis) { client in
                let keys = try await entryKeys(client).sorted()
                try #require(keys.count == 2)
                let key = keys[0]
                switch damage {
                case "checksum":
                    let length = try await client.send(["STRLEN", key]).get().integer ?? 0
                    _ = try await client.send(["SETRANGE", key, String(length - 3), "XYZ"]).get()
                case "length":
                    _ = try await client.send(["APPEND", key, "trailing"]).get()
                default:
                    // Another key's intact bytes under this key.
                    let other = try await client.send(["DUMP", keys[1]]).get()
                    guard case .bulkString(.some(let bytes)) = other else { return }
                    _ = try await client.send(arguments: ["RESTORE", .text(key), "0", .bytes(bytes), "REPLACE"]).get()
                }
            }
            for body in [#"{"AssociateIds":[5]}"#, #"{"AssociateIds":[8]}"#] {
                let answer = try await h.send(to: replicas[0], .POST, taskPath, headers: json, body: body)
                #expect(answer.status == .ok)
                #expect(try taskIds(answer).count == 3)
                #expect(try taskIds(answer).first == (body.contains("5") ? 501 : 801))
            }
            #expect(try taskIds(good) == [501, 502, 503])
            #expect(calls() == 3, "one of the two came from upstream again")
            let expectedReason = damage == "moved" ? "checksum" : damage
            #expect(try await h.adminMetrics(of: replicas[0].gateway).contains(#"so_gateway_cache_shared_rejected_total{reason="\#(expectedReason)"} 1"#))
        }
    }
}
