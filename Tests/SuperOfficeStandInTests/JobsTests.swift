import Foundation
import NIOCore
import Testing
import SuperOfficeStandIn
import TestSupport

@Suite("Jobs that move on by themselves")
struct JobsTests {
    private func phase(_ standIn: SuperOfficeStandIn, _ id: Int) -> String {
        guard let task = standIn.task(id: id) else { return "missing" }
        return "\(task.state.rawValue) \(task.progressPercent)"
    }

    @Test("without jobStep a task keeps its state however far the clock moves")
    func offByDefault() async throws {
        let clock = ManualClock()
        try await StandInFixture.withStandIn(StandInConfiguration(clock: clock.clock)) { standIn async throws in
            clock.advance(by: .hours(24))
            #expect(phase(standIn, 102) == "New 0")
            #expect(try await StandInFixture.batch(standIn, "GetBatchTaskInfo", #"{"Id":102}"#).jsonObject()["State"] as? String == "New")
        }
    }

    @Test("with jobStep a running task moves one step per interval: New, Aquired, Started 0/25/50/75, Succeeded; final tasks stay")
    func movesOnWithTheClock() async throws {
        let clock = ManualClock()
        try await StandInFixture.withStandIn(StandInConfiguration(jobStep: .seconds(2), clock: clock.clock)) { standIn async throws in
            var seen = [phase(standIn, 102)]
            for _ in 0..<7 {
                clock.advance(by: .milliseconds(1999))
                #expect(phase(standIn, 102) == seen.last, "no step before the interval ends")
                clock.advance(by: .milliseconds(1))
                seen.append(phase(standIn, 102))
            }
            #expect(seen == ["New 0", "Aquired 0", "Started 0", "Started 25", "Started 50", "Started 75", "Succeeded 100", "Succeeded 100"])
            #expect(phase(standIn, 101) == "SucceededManualCleanup 100")
            let onTheWire = try await StandInFixture.batch(standIn, "GetBatchTaskInfo", #"{"Id":102}"#).jsonObject()
            #expect(onTheWire["State"] as? String == "Succeeded")
            #expect(onTheWire["ProgressPercent"] as? Int == 100)
        }
    }

    @Test("a started or updated task counts its steps from the write, not from the stand-in's start")
    func anchoredAtTheWrite() async throws {
        let clock = ManualClock()
        try await StandInFixture.withStandIn(StandInConfiguration(jobStep: .seconds(2), clock: clock.clock)) { standIn async throws in
            clock.advance(by: .seconds(1))
            let id = try #require(Int(try await StandInFixture.batch(standIn, "StartBatchJob", #"{"BatchTaskInfo":{"AssociateId":3}}"#).text))
            _ = try await StandInFixture.batch(standIn, "UpdateBatchTask", #"{"BatchTaskInfo":{"Id":201,"State":"New"}}"#)
            clock.advance(by: .seconds(1))
            #expect(phase(standIn, 102) == "Aquired 0")
            #expect(phase(standIn, id) == "New 0")
            #expect(phase(standIn, 201) == "New 0")
            clock.advance(by: .seconds(1))
            #expect(phase(standIn, id) == "Aquired 0")
            #expect(phase(standIn, 201) == "Aquired 0")
        }
    }

    @Test("advanceJobs and setTaskState move tasks directly, whatever jobStep says")
    func directControl() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            standIn.advanceJobs(steps: 2)
            #expect(phase(standIn, 102) == "Started 0")
            #expect(standIn.setTaskState(id: 102, state: .started, progress: 40))
            standIn.advanceJobs()
            #expect(phase(standIn, 102) == "Started 50")
            #expect(phase(standIn, 301) == "Started 50")
            #expect(standIn.setTaskState(id: 301, state: .succeeded))
            #expect(phase(standIn, 301) == "Succeeded 100")
            standIn.advanceJobs(steps: 10)
            #expect(phase(standIn, 102) == "Succeeded 100")
            #expect(phase(standIn, 1) == "Succeeded 100")
            #expect(!standIn.setTaskState(id: 599, state: .new))
            #expect(!standIn.setTaskState(id: 102, state: .all))
            #expect(standIn.setTaskState(id: 102, state: .unknown))
            standIn.advanceJobs(steps: 10)
            #expect(phase(standIn, 102) == "Unknown 100")
        }
    }

    @Test("associates N with N % 3 == 2 have only final tasks; the other known associates and the system have running ones")
    func finishedAndRunningAssociates() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let final: Set<String> = ["Succeeded", "Failed", "SucceededManualCleanup"]
            for associate in [2, 5, 8, 20, 491] {
                let states = try await StandInFixture.tasks(standIn, ids: [associate]).jsonArray().compactMap { $0["State"] as? String }
                #expect(!states.isEmpty && states.allSatisfy(final.contains), "associate \(associate): \(states)")
            }
            for associate in [0, 1, 3, 4, 6, 10, 30, 1000] {
                let states = try await StandInFixture.tasks(standIn, ids: [associate]).jsonArray().compactMap { $0["State"] as? String }
                #expect(states.contains { !final.contains($0) }, "associate \(associate): \(states)")
            }
        }
    }
}
