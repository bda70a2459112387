import Foundation
import NIOCore
import NIOPosix
import SuperOfficeStandIn
import Testing
import TestSupport
import UpstreamTransport

private let taskPath = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
private let adminKey = "admin-key-0123456789abcdefghijklmnopqrstu"

/// The shared tier between separate gateway processes, as they run in production: one fill serves all, a new
/// process is warm at once, and Redis stopped, paused (SIGSTOP) or restarted under load never costs a correct answer.
@Suite("The shared tier across gateway processes", .serialized, .enabled(if: RedisServer.isAvailable && GatewayProcess.isAvailable))
struct SharedTierProcessTests {
    struct Cluster {
        let standIn: SuperOfficeStandIn
        let redis: RedisServer
        let client: GatewayClient
        var gateways: [(process: GatewayProcess, partner: Int, admin: Int)] = []

        mutating func add() async throws {
            let partner = try freePort()
            let admin = try freePort()
            let process = try GatewayProcess(yaml: """
                listen: { host: 127.0.0.1, port: \(partner) }
                upstream: { url: \(standIn.baseURL)/Cust12345, app_token: demo-app-token, credentials: { ticket: "7T:alice-ticket" }, timeout: 5s }
                clients: [ { name: partner-a, api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerA))" ] } ]
                cache: { ttl: 600s, compose_by_associate: true, shared_store: "\(redis.url)", shared_timeout: 100ms }
                admin: { listen: { host: 127.0.0.1, port: \(admin) }, api_keys_sha256: [ "\(TestKeys.hash(adminKey))" ] }
                logging: { level: info, access_log: false }
                """)
            gateways.append((process, partner, admin))
            #expect(await process.waitForLog("listening"))
        }

        func call(_ port: Int, _ target: String, body: String? = nil, key: String = TestKeys.partnerA) async throws -> GatewayAnswer {
            try await client.send(
                body == nil ? .GET : .POST, target, port: port,
                headers: ["X-API-Key": key, "Content-Type": "application/json", "Accept-Encoding": "identity"],
                body: body.map { ByteBuffer(string: $0) }, timeout: .seconds(10)
            )
        }

        func ask(_ index: Int, _ associates: [Int]) async throws -> GatewayAnswer {
            try await call(gateways[index].partner, taskPath, body: #"{"AssociateIds":\#(associates)}"#)
        }

        func stop() async {
            for gateway in gateways { gateway.process.signal(SIGTERM) }
            for gateway in gateways { _ = await gateway.process.waitForExit(timeout: .seconds(10)) }
            await client.shutdown()
            try? await standIn.shutdown()
            redis.kill()
        }
    }

    private func withCluster(_ count: Int, _ body: (inout Cluster) async throws -> Void) async throws {
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        var cluster = Cluster(standIn: standIn, redis: try await RedisServer(), client: GatewayClient())
        do {
            for _ in 0..<count { try await cluster.add() }
            try await body(&cluster)
        } catch {
            let logs: [String] = cluster.gateways.map { String($0.process.log.suffix(1500)) }
            Issue.record("\(error)\n\(logs.joined(separator: "\n---\n"))")
        }
        await cluster.stop()
    }

    /// The tasks the stand-in has for an associate with N % 3 == 2 (all finished): N01, N02, N03.
    private static func expected(_ associates: [Int]) -> [Int] {
        var ids: [Int] = []
        for n in Set(associates).sorted() {
            ids += [n * 100 + 1, n * 100 + 2, n * 100 + 3]
        }
        return ids
    }

    private static func ids(_ response: GatewayAnswer) -> [Int] {
        let tasks = (try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))) as? [[String: Any]] ?? []
        return tasks.compactMap { $0["Id"] as? Int }
    }

    @Test("One fill serves three processes, and a fourth process started later is warm from its first call")
    func oneFillAndWarmNewProcess() async throws {
        try await withCluster(3) { cluster in
            let standIn = cluster.standIn
            let calls = { standIn.batchCallCount("GetBatchTaskInfosByAssociates") }
            let sets = [[5, 8], [11], [14, 5, 17]]
            for set in sets {
                for index in 0..<3 {
                    let answer = try await cluster.ask(index, set)
                    #expect(answer.status == .ok && Self.ids(answer) == Self.expected(set))
                }
            }
            // 5, 8, 11, 14, 17: one upstream call per associate ever asked about, whatever the replica.
            #expect(calls() == 3, "the first set, 11, then only 14 and 17")
            try await cluster.add()
            for set in sets + [[8, 17], [5, 11, 14]] {
                let answer = try await cluster.ask(3, set)
                #expect(Self.ids(answer) == Self.expected(set))
                #expect(answer.headers.first(name: "Cache-Status")?.contains("hit") == true, "\(set)")
            }
            #expect(calls() == 3, "the new process asked upstream for nothing")
        }
    }

    @Test("Redis paused (SIGSTOP), resumed, killed and restarted under load: every answer is correct and none hangs")
    func redisFailuresUnderLoad() async throws {
        try await withCluster(2) { cluster in
            let cluster = cluster
            let phases = ["up", "paused", "resumed", "killed", "restarted"]
            var slowest = Duration.zero
            var wrong = 0
            var answered = 0
            for (number, phase) in phases.enumerated() {
                switch phase {
                case "paused": cluster.redis.pause()
                case "resumed": cluster.redis.resume()
                case "killed": cluster.redis.kill()
                case "restarted": try await cluster.redis.start()
                default: break
                }
                // Load: 4 concurrent callers, 40 calls each, over both processes and overlapping sets.
                let results = try await withThrowingTaskGroup(of: (Bool, Duration).self) { group in
                    for caller in 0..<4 {
                        group.addTask {
                            var outcomes: [(Bool, Duration)] = []
                            for call in 0..<40 {
                                // Associates new in each phase (so Redis is asked), overlapping between callers and processes.
                                let base = 100 * number
                                let set = [2 + 3 * (base + (call + caller) % 30), 2 + 3 * (base + 40 + (call * 3 + caller) % 30)]
                                let started = ContinuousClock.now
                                let answer = try await cluster.ask((call + caller) % 2, set)
                                outcomes.append((answer.status == .ok && Self.ids(answer) == Self.expected(set), ContinuousClock.now - started))
                            }
                            return outcomes.allSatisfy(\.0) ? (true, outcomes.map(\.1).max() ?? .zero) : (false, outcomes.map(\.1).max() ?? .zero)
                        }
                    }
                    var all: [(Bool, Duration)] = []
                    for try await result in group { all.append(result) }
                    return all
                }
                answered += results.count * 40
                wrong += results.filter { !$0.0 }.count
                slowest = max(slowest, results.map(\.1).max() ?? .zero)
            }
            try await waitUntil(timeout: .seconds(15), "both processes use the shared tier again") {
                var up = 0
                for gateway in cluster.gateways {
                    up += String(buffer: try await cluster.call(gateway.admin, "/metrics", key: adminKey).body).contains("so_gateway_cache_shared_up 1") ? 1 : 0
                }
                return up == 2
            }
            _ = try await cluster.ask(0, [2000])
            let shared = try await cluster.ask(1, [2000])
            #expect(shared.headers.first(name: "Cache-Status")?.contains("detail=shared") == true, "one fill serves both again")
            #expect(answered == 800)
            #expect(wrong == 0)
            #expect(slowest < .seconds(2), "no call waited on a dead or paused Redis: slowest \(slowest)")
            var opened = 0
            for gateway in cluster.gateways {
                let metrics = String(buffer: try await cluster.call(gateway.admin, "/metrics", key: adminKey).body)
                opened += metrics.contains(#"so_gateway_cache_shared_transitions_total{to="open"}"#) ? 1 : 0
            }
            #expect(opened == 2, "both processes noticed the failures and went around Redis")
        }
    }
}
