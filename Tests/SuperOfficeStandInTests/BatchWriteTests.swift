import Foundation
import Testing
import SuperOfficeStandIn

@Suite("Batch agent writes: StartBatchJob, StopBatchJob, UpdateBatchTask, DeleteBatchTask(s)")
struct BatchWriteTests {
    private func ids(_ answer: RawHTTPResponse) throws -> [Int] {
        try answer.jsonArray().compactMap { $0["Id"] as? Int }
    }

    private func info(_ standIn: SuperOfficeStandIn, _ id: Int) async throws -> [String: Any] {
        try await StandInFixture.batch(standIn, "GetBatchTaskInfo", "{\"Id\":\(id)}").jsonObject()
    }

    @Test("StartBatchJob answers a new int32 id; the task is New, named from the body, and joins its associate's answers by Id")
    func startShowsUp() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let started = try await StandInFixture.batch(
                standIn, "StartBatchJob", #"{"BatchTaskInfo":{"AssociateId":5,"Name":"MassMailing","Description":"Spring campaign"}}"#
            )
            #expect(started.status == 200)
            let id = try #require(Int(started.text))
            #expect(Int32(exactly: id) != nil)
            #expect(try ids(try await StandInFixture.tasks(standIn, ids: [5])) == [501, 502, 503, id])
            let task = try await info(standIn, id)
            #expect(task["AssociateId"] as? Int == 5)
            #expect(task["Name"] as? String == "MassMailing")
            #expect(task["State"] as? String == "New")
            #expect(task["ProgressPercent"] as? Int == 0)
            #expect(task["Description"] as? String == "Spring campaign")
            #expect(try ids(try await StandInFixture.tasks(standIn, ids: [6])) == [601])
        }
    }

    @Test("StartBatchJob with AssociateId 0 or without one starts system tasks, each with a unique id")
    func startSystemTasks() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let first = try #require(Int(try await StandInFixture.batch(standIn, "StartBatchJob", #"{"BatchTaskInfo":{"AssociateId":0}}"#).text))
            let second = try #require(Int(try await StandInFixture.batch(standIn, "StartBatchJob", #"{"BatchTaskInfo":{}}"#).text))
            #expect(first != second)
            let system = try await StandInFixture.tasks(standIn, ids: [0]).jsonArray()
            #expect(system.compactMap { $0["Id"] as? Int } == [1, 2, first, second])
            #expect(system.allSatisfy { $0["AssociateId"] as? Int == 0 && $0["IsSystemTask"] as? Bool == true })
        }
    }

    @Test("StartBatchJob binds XML and form bodies and any casing of the method name; XML asks get an XML int")
    func startFormats() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let bodies: [(String, String)] = [
                ("application/xml", "<StartBatchJobRequest><batchtaskinfo><AssociateId>7</AssociateId></batchtaskinfo></StartBatchJobRequest>"),
                ("application/x-www-form-urlencoded", "BatchTaskInfo.AssociateId=7"),
                ("application/x-www-form-urlencoded", "BatchTaskInfo%5BAssociateId%5D=7&BatchTaskInfo%5BName%5D=Export"),
            ]
            var started: [Int] = []
            for (type, body) in bodies {
                let answer = try await StandInFixture.batch(standIn, "startbatchjob", body, contentType: type)
                #expect(answer.status == 200, "\(type): \(body)")
                started.append(try #require(Int(answer.text), "\(type): \(body)"))
            }
            #expect(try ids(try await StandInFixture.tasks(standIn, ids: [7])) == [701, 702] + started)
            let xml = try await StandInFixture.batch(
                standIn, "StartBatchJob", #"{"BatchTaskInfo":{"AssociateId":7}}"#, extraHeaders: [("Accept", "application/xml")]
            )
            #expect(xml.text.hasSuffix("</int>"))
        }
    }

    @Test("StartBatchJob without BatchTaskInfo is 200 'The request is invalid.'; a bad AssociateId is 400")
    func startRefusals() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let missing = try await StandInFixture.batch(standIn, "StartBatchJob", "{}")
            #expect(missing.status == 200)
            #expect(try missing.jsonObject()["Message"] as? String == "The request is invalid.")
            #expect(try await StandInFixture.batch(standIn, "StartBatchJob", #"{"BatchTaskInfo":{"AssociateId":"x"}}"#).status == 400)
            #expect(try await StandInFixture.batch(standIn, "StartBatchJob", #"{"BatchTaskInfo":[1]}"#).status == 400)
        }
    }

    @Test("StopBatchJob answers true for a task that is not final, which becomes Failed; false for final or unknown tasks")
    func stop() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            #expect(try await info(standIn, 102)["State"] as? String == "New")
            let stopped = try await StandInFixture.batch(standIn, "StopBatchJob", #"{"Id":102}"#)
            #expect(stopped.status == 200)
            #expect(stopped.text == "true")
            #expect(try await info(standIn, 102)["State"] as? String == "Failed")
            #expect(try await StandInFixture.batch(standIn, "StopBatchJob", #"{"Id":102}"#).text == "false")
            #expect(try await StandInFixture.batch(standIn, "StopBatchJob", #"{"Id":101}"#).text == "false")
            #expect(try await StandInFixture.batch(standIn, "StopBatchJob", #"{"Id":99999}"#).text == "false")
            let missing = try await StandInFixture.batch(standIn, "StopBatchJob", "{}")
            #expect(try missing.jsonObject()["Message"] as? String == "The request is invalid.")
        }
    }

    @Test("UpdateBatchTask changes only State, Description, Response and Request and answers the task")
    func update() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let body = #"{"BatchTaskInfo":{"Id":102,"State":"started","Description":"d","Response":"r","Request":"q","Name":"Other","AssociateId":9,"ProgressPercent":77}}"#
            let answer = try await StandInFixture.batch(standIn, "UpdateBatchTask", body)
            #expect(answer.status == 200)
            let updated = try answer.jsonObject()
            #expect(updated["Id"] as? Int == 102)
            #expect(updated["State"] as? String == "Started")
            #expect(updated["Description"] as? String == "d")
            #expect(updated["Response"] as? String == "r")
            #expect(updated["Request"] as? String == "q")
            #expect(updated["AssociateId"] as? Int == 1)
            #expect(updated["ProgressPercent"] as? Int == 0)
            #expect(updated["Name"] as? String != "Other")
            let reread = try await info(standIn, 102)
            #expect(reread["State"] as? String == "Started" && reread["Description"] as? String == "d")
        }
    }

    @Test("UpdateBatchTask takes state names in any case and the numbers 0 to 6; All, unknown names and unknown ids are refused")
    func updateStates() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let cases: [(String, String)] = [
                ("\"SUCCEEDED\"", "Succeeded"), ("\"aquired\"", "Aquired"), ("6", "SucceededManualCleanup"), ("\"5\"", "Failed"),
                ("0", "Unknown"), ("1", "New"),
            ]
            for (value, expected) in cases {
                let answer = try await StandInFixture.batch(standIn, "UpdateBatchTask", #"{"BatchTaskInfo":{"Id":201,"State":\#(value)}}"#)
                #expect(try answer.jsonObject()["State"] as? String == expected, "\(value)")
            }
            for bad in ["\"All\"", "99999", "\"Bogus\"", "7"] {
                #expect(try await StandInFixture.batch(standIn, "UpdateBatchTask", #"{"BatchTaskInfo":{"Id":201,"State":\#(bad)}}"#).status == 400)
            }
            let unknown = try await StandInFixture.batch(standIn, "UpdateBatchTask", #"{"BatchTaskInfo":{"Id":599,"State":"New"}}"#)
            #expect(unknown.status == 200)
            #expect(unknown.text == "null")
        }
    }

    @Test("DeleteBatchTask and DeleteBatchTasks remove started tasks too")
    func deleteStarted() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let first = try #require(Int(try await StandInFixture.batch(standIn, "StartBatchJob", #"{"BatchTaskInfo":{"AssociateId":4}}"#).text))
            let second = try #require(Int(try await StandInFixture.batch(standIn, "StartBatchJob", #"{"BatchTaskInfo":{"AssociateId":4}}"#).text))
            let third = try #require(Int(try await StandInFixture.batch(standIn, "StartBatchJob", #"{"BatchTaskInfo":{"AssociateId":4}}"#).text))
            #expect(try await StandInFixture.batch(standIn, "DeleteBatchTask", #"{"BatchTaskId":\#(first)}"#).status == 204)
            #expect(try await StandInFixture.batch(standIn, "DeleteBatchTasks", #"{"BatchTaskIds":[\#(second),401]}"#).status == 204)
            #expect(try ids(try await StandInFixture.tasks(standIn, ids: [4])) == [402, third])
            #expect(try await StandInFixture.batch(standIn, "GetBatchTaskInfo", #"{"Id":\#(first)}"#).text == "null")
            #expect(try await StandInFixture.batch(standIn, "StopBatchJob", #"{"Id":\#(second)}"#).text == "false")
        }
    }

    @Test("batchCallCount counts POSTs per exact method name")
    func callCounts() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            _ = try await StandInFixture.batch(standIn, "DeleteBatchTask", #"{"BatchTaskId":1}"#)
            _ = try await StandInFixture.batch(standIn, "deletebatchtasks", #"{"BatchTaskIds":[1]}"#)
            _ = try await StandInFixture.batch(standIn, "DeleteBatchTasks", #"{"BatchTaskIds":[2]}"#)
            _ = try await RawHTTPClient.send(port: standIn.port, path: "/Cust12345/api/v1/Agents/Batch/DeleteBatchTask", headers: [StandInFixture.basicAlice])
            #expect(standIn.batchCallCount("DeleteBatchTask") == 1)
            #expect(standIn.batchCallCount("DELETEBATCHTASKS") == 2)
            #expect(standIn.batchCallCount("StartBatchJob") == 0)
        }
    }
}
