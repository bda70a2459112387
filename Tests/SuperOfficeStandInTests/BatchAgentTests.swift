import Testing
import SuperOfficeStandIn

@Suite("Other Batch agent calls")
struct BatchAgentTests {
    private func post(_ standIn: SuperOfficeStandIn, _ method: String, _ body: String) async throws -> RawHTTPResponse {
        try await StandInFixture.batch(standIn, method, body)
    }

    @Test("GetBatchTaskInfosByAssociatesAndState filters by state; All means no filter; a bad state is 400")
    func byState() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let all = try await post(standIn, "GetBatchTaskInfosByAssociatesAndState", "{\"AssociateIds\":[2,5,8],\"State\":\"All\"}")
            let everything = try await StandInFixture.tasks(standIn, ids: [2, 5, 8])
            #expect(all.body == everything.body)
            let states = try everything.jsonArray().compactMap { $0["State"] as? String }
            let wanted = try #require(states.first)
            let filtered = try await post(standIn, "GetBatchTaskInfosByAssociatesAndState", "{\"AssociateIds\":[2,5,8],\"State\":\"\(wanted)\"}")
            let filteredStates = try filtered.jsonArray().compactMap { $0["State"] as? String }
            #expect(!filteredStates.isEmpty && filteredStates.allSatisfy { $0 == wanted })
            #expect(filteredStates.count == states.filter { $0 == wanted }.count)
            #expect(try await post(standIn, "GetBatchTaskInfosByAssociatesAndState", "{\"AssociateIds\":[2],\"State\":\"Bogus\"}").status == 400)
            let missing = try await post(standIn, "GetBatchTaskInfosByAssociatesAndState", "{\"AssociateIds\":[2]}")
            #expect(try missing.jsonObject()["Message"] as? String == "The request is invalid.")
        }
    }

    @Test("GetBatchTaskInfosByNameAndAssociates keeps only tasks of that name")
    func byName() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let tasks = try await StandInFixture.tasks(standIn, ids: [2, 5]).jsonArray()
            let name = try #require(tasks.first?["Name"] as? String)
            let answer = try await post(standIn, "GetBatchTaskInfosByNameAndAssociates", "{\"Name\":\"\(name)\",\"AssociateIds\":[2,5]}")
            let names = try answer.jsonArray().compactMap { $0["Name"] as? String }
            #expect(!names.isEmpty && names.allSatisfy { $0 == name })
            #expect(names.count == tasks.filter { $0["Name"] as? String == name }.count)
        }
    }

    @Test("GetBatchTaskInfo returns the task, or 200 null when not found or not visible")
    func single() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let found = try await post(standIn, "GetBatchTaskInfo", "{\"Id\":502}")
            #expect(try found.jsonObject()["Id"] as? Int == 502)
            let absent = try await post(standIn, "GetBatchTaskInfo", "{\"Id\":599}")
            #expect(absent.status == 200)
            #expect(absent.text == "null")
            let hiddenFromBob = try await RawHTTPClient.send(
                port: standIn.port, method: "POST", path: "/Cust12345/api/v1/Agents/Batch/GetBatchTaskInfo",
                headers: [StandInFixture.basicBob, StandInFixture.json], body: Array("{\"Id\":201}".utf8)
            )
            #expect(hiddenFromBob.text == "null")
            let missing = try await post(standIn, "GetBatchTaskInfo", "{}")
            #expect(missing.status == 200)
            #expect(try missing.jsonObject()["MessageDetail"] as? String != nil)
        }
    }

    @Test("DeleteBatchTask answers 204 and the task is gone afterwards")
    func delete() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let deleted = try await post(standIn, "DeleteBatchTask", "{\"BatchTaskId\":502}")
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            #expect(try await post(standIn, "GetBatchTaskInfo", "{\"Id\":502}").text == "null")
            let remaining = try await StandInFixture.tasks(standIn, ids: [5]).jsonArray().compactMap { $0["Id"] as? Int }
            #expect(remaining == [501, 503])
        }
    }

    @Test("a GET on an agent URL describes the call and does not invoke it")
    func getDescribes() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let answer = try await RawHTTPClient.send(port: standIn.port, path: StandInFixture.batchPath, headers: [StandInFixture.basicAlice])
            #expect(answer.status == 200)
            let description = try answer.jsonObject()
            #expect(description["Method"] as? String == "GetBatchTaskInfosByAssociates")
            #expect(description["HttpMethod"] as? String == "POST")
        }
    }

    @Test("version discovery, unknown routes and another tenant")
    func routing() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let version = try await RawHTTPClient.send(port: standIn.port, path: "/Cust12345/api", headers: [StandInFixture.basicAlice])
            let info = try version.jsonObject()
            #expect(info["Version"] as? String == "v1")
            #expect(info["v1"] as? String == "http://127.0.0.1:\(standIn.port)/Cust12345/api/v1")
            let other = try await RawHTTPClient.send(port: standIn.port, path: "/Cust99999/api/v1/Contact/1", headers: [StandInFixture.basicAlice])
            #expect(other.status == 404)
            #expect(try other.jsonObject()["Error"] as? Bool == true)
            let unknown = try await post(standIn, "NoSuchMethod", "{}")
            #expect(unknown.status == 404)
            let put = try await RawHTTPClient.send(port: standIn.port, method: "PUT", path: StandInFixture.batchPath, headers: [StandInFixture.basicAlice])
            #expect(put.status == 405)
        }
        try await StandInFixture.withStandIn(StandInConfiguration(anonymousVersionEndpoint: true)) { standIn async throws in
            #expect(try await RawHTTPClient.send(port: standIn.port, path: "/Cust12345/api").status == 200)
            #expect(try await RawHTTPClient.send(port: standIn.port, path: "/Cust12345/api/v1").status == 401)
        }
    }
}

@Suite("More agent and routing edges")
struct AgentEdgeTests {
    private func post(_ standIn: SuperOfficeStandIn, _ method: String, _ body: String) async throws -> RawHTTPResponse {
        try await StandInFixture.batch(standIn, method, body)
    }

    @Test("GetSystemBatchTaskInfosByName answers only system tasks of that name")
    func systemByName() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let system = try await StandInFixture.tasks(standIn, ids: [0]).jsonArray()
            let name = try #require(system.first?["Name"] as? String)
            let answer = try await post(standIn, "GetSystemBatchTaskInfosByName", "{\"TaskName\":\"\(name)\"}").jsonArray()
            #expect(!answer.isEmpty && answer.allSatisfy { $0["AssociateId"] as? Int == 0 && $0["Name"] as? String == name })
            #expect(try await post(standIn, "GetSystemBatchTaskInfosByName", "{\"TaskName\":\"Nope\"}").text == "[]")
        }
    }

    @Test("DeleteBatchTasks answers 204 and removes every listed task")
    func deleteMany() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            #expect(try await post(standIn, "DeleteBatchTasks", "{\"BatchTaskIds\":[501,503]}").status == 204)
            let remaining = try await StandInFixture.tasks(standIn, ids: [5]).jsonArray().compactMap { $0["Id"] as? Int }
            #expect(remaining == [502])
        }
    }

    @Test("GET /{ctx}/api/v1 lists the endpoints; oversized bodies answer 413")
    func indexAndLimits() async throws {
        try await StandInFixture.withStandIn(StandInConfiguration(maxRequestBodyBytes: 1024)) { standIn async throws in
            let index = try await RawHTTPClient.send(port: standIn.port, path: "/Cust12345/api/v1", headers: [StandInFixture.basicAlice])
            #expect(try index.jsonObject().keys.contains { $0.hasSuffix("/Agents/Batch/GetBatchTaskInfosByAssociates") })
            let big = "{\"AssociateIds\":[" + Array(repeating: "1", count: 1000).joined(separator: ",") + "]}"
            let answer = try await RawHTTPClient.send(
                port: standIn.port, method: "POST", path: StandInFixture.batchPath,
                headers: [StandInFixture.basicAlice, StandInFixture.json], body: Array(big.utf8)
            )
            #expect(answer.status == 413)
        }
    }
}
