import GatewayCompression
import NIOCore
import SuperOfficeStandIn
import Testing
import TestSupport
import UpstreamTransport

private let taskPath = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
private let json = [("Content-Type", "application/json")]
private let xml = [("Content-Type", "application/json"), ("Accept", "application/xml")]

/// The acceptance configuration of issue 14: a long ttl, a short active_ttl, no stale windows.
private func freshnessYAML(_ url: String, compose: Bool) -> String {
    TestHarness.defaultYAML(
        standInURL: url,
        extra: "cache: { ttl: 60s, active_ttl: 1s, stale_while_revalidate: 0s, stale_if_error: 0s, compose_by_associate: \(compose) }"
    )
}

private func plain(_ response: GatewayAnswer) throws -> String {
    guard response.header("Content-Encoding") == "gzip" else { return response.text }
    let body = try HTTPCompression.decompress(response.body, coding: .gzip, maxSize: 64 << 20, allocator: ByteBufferAllocator())
    return String(buffer: body)
}

/// Freshness by task state over real sockets, with the gateway's clock driven by the test. In the stand-in,
/// associate 30 has running tasks and associate 5 only finished ones (docs/stand-in.md).
@Suite("Task cache freshness follows the tasks' states")
struct TaskFreshnessTests {
    static let cases: [(compose: Bool, accept: [(String, String)])] = [(false, json), (true, json), (false, xml), (true, xml)]

    @Test("An answer with a running task is refreshed after active_ttl and shows its new state; finished-only answers stay cached for ttl",
          arguments: [0, 1, 2, 3])
    func activeAnswersRefreshFinishedOnesStay(caseIndex: Int) async throws {
        let (compose, headers) = Self.cases[caseIndex]
        let clock = ManualClock()
        try await withHarness(yaml: { freshnessYAML($0, compose: compose) }, clock: clock.clock) { h in
            let calls = { h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") }
            let active = #"{"AssociateIds":[30]}"#
            let finished = #"{"AssociateIds":[5]}"#
            let first = try await h.send(.POST, taskPath, headers: headers, body: active)
            #expect(first.status == .ok)
            _ = try await h.send(.POST, taskPath, headers: headers, body: finished)
            #expect(calls() == 2)

            clock.advance(by: .milliseconds(500))
            let activeHit = try await h.send(.POST, taskPath, headers: headers, body: active)
            #expect(activeHit.header("Cache-Status")?.contains("hit") == true)
            #expect(activeHit.header("Cache-Status")?.contains("ttl=0") == true || activeHit.header("Cache-Status")?.contains("ttl=1") == true)
            #expect(calls() == 2)

            // The job finishes at SuperOffice's side; after active_ttl the gateway asks again and shows it.
            #expect(h.standIn.setTaskState(id: 3001, state: .succeeded))
            clock.advance(by: .milliseconds(600))
            let refreshed = try await h.send(.POST, taskPath, headers: headers, body: active)
            #expect(refreshed.header("Cache-Status")?.contains("hit") == false)
            #expect(calls() == 3)
            #expect(try plain(refreshed) != plain(first))

            let finishedHit = try await h.send(.POST, taskPath, headers: headers, body: finished)
            #expect(finishedHit.header("Cache-Status")?.contains("hit") == true)
            #expect(calls() == 3)
            clock.advance(by: .seconds(58))
            #expect(try await h.send(.POST, taskPath, headers: headers, body: finished).header("Cache-Status")?.contains("hit") == true)
            clock.advance(by: .seconds(2))
            #expect(try await h.send(.POST, taskPath, headers: headers, body: finished).header("Cache-Status")?.contains("hit") == false)
        }
    }

    @Test("A $select without State makes every answer count as active", arguments: [false, true])
    func selectWithoutStateIsActive(compose: Bool) async throws {
        let clock = ManualClock()
        try await withHarness(yaml: { freshnessYAML($0, compose: compose) }, clock: clock.clock) { h in
            let target = taskPath + "?$select=Id,Name"
            let body = #"{"AssociateIds":[5]}"#
            _ = try await h.send(.POST, target, headers: json, body: body)
            clock.advance(by: .milliseconds(1100))
            let again = try await h.send(.POST, target, headers: json, body: body)
            #expect(again.header("Cache-Status")?.contains("hit") == false)
            #expect(h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") == 2)
        }
    }

    @Test("With composition, a running associate's fragment is refetched while the finished associate's fragment is reused")
    func composedFragmentsHaveTheirOwnLifetimes() async throws {
        let clock = ManualClock()
        try await withHarness(yaml: { freshnessYAML($0, compose: true) }, clock: clock.clock) { h in
            let body = #"{"AssociateIds":[30,5]}"#
            _ = try await h.send(.POST, taskPath, headers: json, body: body)
            clock.advance(by: .milliseconds(1100))
            _ = try await h.send(.POST, taskPath, headers: json, body: body)
            // Only the running associate went upstream again.
            let last = h.standIn.received.last { $0.path.contains("GetBatchTaskInfosByAssociates") }
            let lastBody = last.map { String(decoding: $0.body, as: UTF8.self) } ?? ""
            #expect(lastBody.contains("30"))
            #expect(!lastBody.contains("5,") && !lastBody.contains(",5"))
        }
    }
}
