import NIOCore
import SuperOfficeStandIn
import Testing
import TestSupport
import UpstreamTransport

private let taskPath = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
private let json = [("Content-Type", "application/json")]
private let bobHeaders = json + [("SO-TimeZone", "NO")]

/// Entries leave only by invalidation: every test runs on a frozen `ManualClock`, so `active_ttl` never
/// expires one on a slow machine.
private func writeYAML(_ url: String) -> String {
    TestHarness.defaultYAML(
        standInURL: url, extra: "cache: { ttl: 60s, active_ttl: 1s, stale_while_revalidate: 0s, stale_if_error: 0s }"
    )
}

/// Read-your-writes over real sockets: each Batch write evicts what it may have changed, for every identity.
/// Associate 30 has task 3001 and associate 5 has tasks 501–503 in the stand-in.
@Suite("Batch writes evict what they change")
struct TaskWriteTests {
    static let writes: [(path: String, body: String)] = [
        ("/api/v1/Agents/Batch/StartBatchJob", #"{"BatchTaskInfo":{"AssociateId":30,"Name":"Export"}}"#),
        ("/api/v1/agents/batch/stopbatchjob", #"{"Id":3001}"#),
        ("/Cust12345/api/v1/Agents/Batch/UpdateBatchTask", #"{"BatchTaskInfo":{"Id":3001,"Description":"changed"}}"#),
        ("/api/v1/Agents/Batch/DeleteBatchTask", #"{"BatchTaskId":3001}"#),
        ("/api/v1/Agents/Batch/DeleteBatchTasks", #"{"BatchTaskIds":[3001]}"#),
    ]

    @Test("Each write is seen at once by both identities, and entries of other associates are kept", arguments: [0, 1, 2, 3, 4])
    func writeEvictsForEveryIdentity(writeIndex: Int) async throws {
        let write = Self.writes[writeIndex]
        try await withHarness(yaml: writeYAML, clock: ManualClock().clock) { h in
            let calls = { h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") }
            let mine = #"{"AssociateIds":[30]}"#
            let other = #"{"AssociateIds":[5]}"#
            _ = try await h.send(.POST, taskPath, headers: json, body: mine)
            _ = try await h.send(.POST, taskPath, headers: bobHeaders, body: mine, key: TestKeys.partnerB)
            _ = try await h.send(.POST, taskPath, headers: json, body: other)
            #expect(calls() == 3)

            let written = try await h.send(.POST, write.path, headers: json, body: write.body)
            #expect(written.status.code < 300)

            let afterA = try await h.send(.POST, taskPath, headers: json, body: mine)
            let afterB = try await h.send(.POST, taskPath, headers: bobHeaders, body: mine, key: TestKeys.partnerB)
            #expect(afterA.header("Cache-Status")?.contains("hit") == false)
            #expect(afterB.header("Cache-Status")?.contains("hit") == false)
            let kept = try await h.send(.POST, taskPath, headers: json, body: other)
            #expect(kept.header("Cache-Status")?.contains("hit") == true)
            #expect(calls() == 5)
        }
    }

    @Test("A write naming a task the gateway has never seen evicts every entry")
    func unknownTaskEvictsAll() async throws {
        try await withHarness(yaml: writeYAML, clock: ManualClock().clock) { h in
            _ = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[5]}"#)
            _ = try await h.send(.POST, "/api/v1/Agents/Batch/StopBatchJob", headers: json, body: #"{"Id":4401}"#)
            let after = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[5]}"#)
            #expect(after.header("Cache-Status")?.contains("hit") == false)
        }
    }

    @Test("A write that times out upstream still evicts")
    func timedOutWriteEvicts() async throws {
        try await withHarness(yaml: writeYAML, clock: ManualClock().clock) { h in
            _ = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[30]}"#)
            let gate = h.standIn.holdAnswers(pathContaining: "StartBatchJob")
            let written = try await h.send(
                .POST, "/api/v1/Agents/Batch/StartBatchJob", headers: json, body: #"{"BatchTaskInfo":{"AssociateId":30}}"#
            )
            gate.release()
            #expect(written.status == .gatewayTimeout)
            let after = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[30]}"#)
            #expect(after.header("Cache-Status")?.contains("hit") == false)
        }
    }

    @Test("A fill that read upstream before a write and arrives after it is served to its waiters but never stored")
    func fillHeldAcrossWriteIsNotStored() async throws {
        try await withHarness(yaml: writeYAML, clock: ManualClock().clock) { h in
            let gate = h.standIn.holdAnswers(pathContaining: "GetBatchTaskInfosByAssociates")
            async let held = h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[30]}"#)
            try await gate.waitUntilHeld()
            let written = try await h.send(
                .POST, "/api/v1/Agents/Batch/StartBatchJob", headers: json, body: #"{"BatchTaskInfo":{"AssociateId":30,"Name":"New job"}}"#
            )
            #expect(written.status == .ok)
            gate.release()
            let stale = try await held
            #expect(stale.status == .ok)
            #expect(stale.header("Cache-Status") == "so-gateway; fwd=miss; detail=superseded-by-write")
            let after = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[30]}"#)
            #expect(after.header("Cache-Status")?.contains("hit") == false)
            #expect(h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") == 2)
        }
    }
}
