import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Testing
import SuperOfficeStandIn

@Suite("Held and late answers")
struct AnswerGateTests {
    private func ids(_ answer: RawHTTPResponse) throws -> [Int] {
        try answer.jsonArray().compactMap { $0["Id"] as? Int }
    }

    @Test("a held answer shows the data as it was when its request arrived, and is sent only on release")
    func heldAnswerIsFromArrival() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let gate = standIn.holdAnswers(pathContaining: "GetBatchTaskInfosByAssociates", times: 1)
            async let held = StandInFixture.tasks(standIn, ids: [5])
            try await gate.waitUntilHeld(timeout: .seconds(10))
            #expect(try await StandInFixture.batch(standIn, "DeleteBatchTask", #"{"BatchTaskId":502}"#).status == 204)
            #expect(try ids(try await StandInFixture.tasks(standIn, ids: [5])) == [501, 503], "later reads are not held")
            gate.release()
            #expect(try ids(try await held) == [501, 502, 503])
            #expect(gate.heldCount == 1)
        }
    }

    @Test("a held write is applied when it arrives; only its answer waits")
    func heldWriteIsApplied() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let gate = standIn.holdAnswers(pathContaining: "StopBatchJob")
            async let stopped = StandInFixture.batch(standIn, "StopBatchJob", #"{"Id":102}"#)
            try await gate.waitUntilHeld()
            #expect(standIn.task(id: 102)?.state == .failed)
            gate.release()
            #expect(try await stopped.text == "true")
        }
    }

    @Test("waitUntilHeld throws when fewer answers than asked were held in time")
    func waitTimesOut() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let gate = standIn.holdAnswers(pathContaining: "GetBatchTaskInfo", times: 2)
            async let first = StandInFixture.batch(standIn, "GetBatchTaskInfo", #"{"Id":101}"#)
            try await gate.waitUntilHeld(count: 1)
            await #expect(throws: StandInAnswerGate.WaitTimedOut(held: 1, wanted: 2)) {
                try await gate.waitUntilHeld(count: 2, timeout: .milliseconds(50))
            }
            gate.release()
            #expect(try await first.status == 200)
        }
    }

    @Test("delay runs the handler when the request arrives (a write is applied then) and writes the answer after the delay")
    func delayAppliesThenAnswers() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            standIn.injectFault(.delay(.seconds(2)), pathContaining: "DeleteBatchTask")
            let answered = NIOLockedValueBox(false)
            let start = ContinuousClock.now
            async let deleted = {
                let answer = try await StandInFixture.batch(standIn, "DeleteBatchTask", #"{"BatchTaskId":502}"#)
                answered.withLockedValue { $0 = true }
                return answer
            }()
            #expect(try await StandInFixture.waitUntil { standIn.task(id: 502) == nil })
            #expect(!answered.withLockedValue { $0 }, "the write was applied before its answer was sent")
            #expect(try await deleted.status == 204)
            #expect(ContinuousClock.now - start >= .milliseconds(1990))
        }
    }
}
