import Foundation
import Testing
import SuperOfficeStandIn

@Suite("GetBatchTaskInfosByAssociates")
struct BatchTasksTests {
    private func ids(_ answer: RawHTTPResponse) throws -> [Int] {
        try answer.jsonArray().compactMap { $0["Id"] as? Int }
    }

    @Test("associate N has (N % 3) + 1 tasks with Ids N*100+k, union ordered by Id regardless of order and duplicates")
    func deterministicUnion() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let answer = try await StandInFixture.tasks(standIn, ids: [5, 3, 5])
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
            #expect(try ids(answer) == [301, 501, 502, 503])
            let reordered = try await StandInFixture.tasks(standIn, ids: [3, 5])
            #expect(reordered.body == answer.body)
            let task = try #require(try answer.jsonArray().first)
            #expect(task["AssociateId"] as? Int == 3)
            for key in ["Name", "Description", "DetailsTable", "DetailsRecord", "Created", "LastStarted", "StartCount", "State",
                        "ProgressPercent", "Response", "Request", "ParameterObject", "CancellationBehaviour", "TableRight",
                        "FieldProperties"] {
                #expect(task[key] != nil, "missing \(key)")
            }
            #expect(answer.body.count > 4 * 1000)
        }
    }

    @Test("associate 0 has two system tasks; unknown and negative associates have none")
    func systemAndUnknown() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let system = try await StandInFixture.tasks(standIn, ids: [0]).jsonArray()
            #expect(system.compactMap { $0["Id"] as? Int } == [1, 2])
            #expect(system.allSatisfy { $0["AssociateId"] as? Int == 0 && $0["IsSystemTask"] as? Bool == true })
            let none = try await StandInFixture.tasks(standIn, ids: [2_000_000, -4])
            #expect(none.status == 200)
            #expect(none.text == "[]")
            #expect(try await StandInFixture.tasks(standIn, ids: []).text == "[]")
        }
    }

    @Test("the upstream identity matters: bob cannot see tasks whose Id is divisible by 3")
    func identityMatters() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let alice = try ids(try await StandInFixture.tasks(standIn, ids: [2, 4]))
            let bob = try ids(try await StandInFixture.tasks(standIn, ids: [2, 4], auth: StandInFixture.basicBob))
            #expect(alice == [201, 202, 203, 401, 402])
            #expect(bob == [202, 203, 401])
        }
    }

    @Test("XML and form bodies bind AssociateIds like JSON does")
    func xmlAndForm() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let expected = try ids(try await StandInFixture.tasks(standIn, ids: [1, 2]))
            let xml = """
            <?xml version="1.0"?><GetBatchTaskInfosByAssociatesRequest xmlns="http://schemas.datacontract.org/2004/07/X" \
            xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><associateids><a:int>2</a:int><a:int>1</a:int>\
            </associateids></GetBatchTaskInfosByAssociatesRequest>
            """
            let bodies: [(String, String)] = [
                ("application/xml", xml), ("text/xml; charset=utf-8", xml),
                ("application/x-www-form-urlencoded", "AssociateIds=1&AssociateIds=2"),
                ("application/x-www-form-urlencoded", "AssociateIds%5B%5D=2&AssociateIds%5B%5D=1"),
                ("application/x-www-form-urlencoded", "AssociateIds=1%2C2"),
            ]
            for (type, body) in bodies {
                let answer = try await RawHTTPClient.send(
                    port: standIn.port, method: "POST", path: StandInFixture.batchPath,
                    headers: [StandInFixture.basicAlice, ("Content-Type", type)], body: Array(body.utf8)
                )
                #expect(answer.status == 200, "\(type): \(body)")
                #expect(try ids(answer) == expected, "\(type): \(body)")
            }
        }
    }

    @Test("malformed bodies and non-int32 ids answer 400; a missing parameter answers 200 'The request is invalid.'")
    func badBodies() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let cases: [(String, String, Int)] = [
                ("application/json", "{\"AssociateIds\":[1,", 400),
                ("application/json", "{\"AssociateIds\":[2147483648]}", 400),
                ("application/json", "{\"AssociateIds\":[1.5]}", 400),
                ("application/json", "{\"AssociateIds\":\"x\"}", 400),
                ("application/xml", "<GetBatchTaskInfosByAssociatesRequest><AssociateIds><int>x</int>", 400),
                ("application/x-www-form-urlencoded", "AssociateIds=abc", 400),
                ("text/plain", "1,2", 415),
            ]
            for (type, body, status) in cases {
                let answer = try await RawHTTPClient.send(
                    port: standIn.port, method: "POST", path: StandInFixture.batchPath,
                    headers: [StandInFixture.basicAlice, ("Content-Type", type)], body: Array(body.utf8)
                )
                #expect(answer.status == status, "\(type): \(body)")
                #expect(!answer.body.isEmpty)
            }
            let missing = try await RawHTTPClient.send(
                port: standIn.port, method: "POST", path: StandInFixture.batchPath,
                headers: [StandInFixture.basicAlice, StandInFixture.json], body: Array("{}".utf8)
            )
            #expect(missing.status == 200)
            #expect(try missing.jsonObject()["Message"] as? String == "The request is invalid.")
        }
    }

    @Test("path segments match case-insensitively")
    func caseInsensitivePath() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let answer = try await RawHTTPClient.send(
                port: standIn.port, method: "POST", path: "/cust12345/API/V1/agents/batch/getbatchtaskinfosbyassociates",
                headers: [StandInFixture.basicAlice, StandInFixture.json], body: Array("{\"associateIds\":[1]}".utf8)
            )
            #expect(try ids(answer) == [101, 102])
        }
    }

    @Test("$select keeps every key, nulls the rest, and keeps nested parents with unselected children nulled")
    func select() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let answer = try await StandInFixture.tasks(standIn, ids: [1], query: "?$select=id,NAME,tableright/mask")
            let task = try #require(try answer.jsonArray().first)
            #expect(task["Id"] as? Int == 101)
            #expect(task["Name"] is String)
            #expect(task["Description"] is NSNullLike)
            #expect(task.keys.contains("FieldProperties"))
            let tableRight = try #require(task["TableRight"] as? [String: Any])
            #expect(tableRight["Mask"] is String)
            #expect(tableRight["Reason"] is NSNullLike)
            let encoded = try await StandInFixture.tasks(standIn, ids: [1], query: "?%24select=Id")
            #expect(try #require(try encoded.jsonArray().first)["Name"] is NSNullLike)
        }
    }

    @Test("Accept: application/xml answers ArrayOfBatchTaskInfo without namespaces")
    func xmlAnswer() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let answer = try await StandInFixture.tasks(standIn, ids: [1], extraHeaders: [("Accept", "application/xml")])
            #expect(answer.header("Content-Type") == "application/xml; charset=utf-8")
            #expect(answer.text.contains("<ArrayOfBatchTaskInfo><BatchTaskInfo><Id>101</Id>"))
            #expect(answer.text.contains("<State>"))
            #expect(!answer.text.contains("xmlns"))
            let textXML = try await StandInFixture.tasks(standIn, ids: [1], extraHeaders: [("Accept", "text/xml")])
            #expect(textXML.header("Content-Type") == "text/xml; charset=utf-8")
        }
    }
}

/// Foundation's JSON null, spelled so the tests read naturally.
typealias NSNullLike = NSNull
