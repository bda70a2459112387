import Testing
import SuperOfficeStandIn

@Suite("REST Contact entity")
struct ContactTests {
    private func send(
        _ standIn: SuperOfficeStandIn, _ method: String, _ path: String, _ headers: [(String, String)] = [], body: String = ""
    ) async throws -> RawHTTPResponse {
        try await RawHTTPClient.send(
            port: standIn.port, method: method, path: "/Cust12345/api/v1/Contact" + path,
            headers: [StandInFixture.basicAlice] + headers, body: Array(body.utf8)
        )
    }

    @Test("GET answers JSON or <ContactEntity> XML, never an ETag; unknown ids give the documented 404 body")
    func get() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let json = try await send(standIn, "GET", "/3")
            #expect(json.status == 200)
            #expect(try json.jsonObject()["ContactId"] as? Int == 3)
            #expect(json.header("ETag") == nil)
            let xml = try await send(standIn, "GET", "/3", [("Accept", "application/xml")])
            #expect(xml.text.contains("<ContactEntity><ContactId>3</ContactId>"))
            let missing = try await send(standIn, "GET", "/99999")
            #expect(missing.status == 404)
            let body = try missing.jsonObject()
            #expect(body["ErrorType"] as? String == "SoNotFoundException")
            #expect(body["ErrorMessage"] as? String == "Contact id 99999 not found")
            #expect(body["ErrorSource"] as? String == "SuperOffice.Services.Implementation")
        }
    }

    @Test("PUT replaces, json-patch and merge-patch update, DELETE answers 204 and the contact is gone")
    func updates() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let put = try await send(standIn, "PUT", "/4", [StandInFixture.json], body: "{\"Name\":\"Renamed AS\",\"Department\":\"Ops\"}")
            #expect(put.status == 200)
            #expect(try put.jsonObject()["Name"] as? String == "Renamed AS")
            #expect(try put.jsonObject()["UpdatedBy"] as? String == "alice")
            let patch = try await send(
                standIn, "PATCH", "/4", [("Content-Type", "application/json-patch+json")],
                body: "[{\"op\":\"replace\",\"path\":\"/Department\",\"value\":\"Support\"}]"
            )
            #expect(try patch.jsonObject()["Department"] as? String == "Support")
            #expect(try patch.jsonObject()["Name"] as? String == "Renamed AS")
            let merge = try await send(standIn, "PATCH", "/4", [("Content-Type", "application/merge-patch+json")], body: "{\"OrgNr\":\"123\"}")
            #expect(try merge.jsonObject()["OrgNr"] as? String == "123")
            #expect(try merge.jsonObject()["Department"] as? String == "Support")
            let badPatch = try await send(
                standIn, "PATCH", "/4", [("Content-Type", "application/json-patch+json")], body: "[{\"op\":\"replace\",\"path\":\"/Nope\",\"value\":\"x\"}]"
            )
            #expect(badPatch.status == 400)
            #expect(try await send(standIn, "PATCH", "/4", [("Content-Type", "text/plain")], body: "x").status == 415)
            #expect(try await send(standIn, "GET", "/4").jsonObject()["OrgNr"] as? String == "123")
            #expect(try await send(standIn, "DELETE", "/4").status == 204)
            #expect(try await send(standIn, "GET", "/4").status == 404)
        }
    }

    @Test("POST creates a contact with a new id")
    func create() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let created = try await send(standIn, "POST", "", [StandInFixture.json], body: "{\"Name\":\"New Co\"}")
            #expect(created.status == 201)
            let id = try #require(try created.jsonObject()["ContactId"] as? Int)
            #expect(try await send(standIn, "GET", "/\(id)").jsonObject()["Name"] as? String == "New Co")
            #expect(try await send(standIn, "POST", "", [StandInFixture.json]).status == 400)
        }
    }

    @Test("If-Modified-Since gives 304 when unchanged; If-Unmodified-Since gives 412 on PUT/DELETE when modified")
    func conditional() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let future = "Fri, 01 Jan 2100 00:00:00 GMT"
            let past = "Mon, 01 Jan 2001 00:00:00 GMT"
            let notModified = try await send(standIn, "GET", "/5", [("If-Modified-Since", future)])
            #expect(notModified.status == 304)
            #expect(notModified.body.isEmpty)
            #expect(try await send(standIn, "GET", "/5", [("If-Modified-Since", past)]).status == 200)
            #expect(try await send(standIn, "PUT", "/5", [StandInFixture.json, ("If-Unmodified-Since", past)], body: "{\"Name\":\"x\"}").status == 412)
            #expect(try await send(standIn, "DELETE", "/5", [("If-Unmodified-Since", past)]).status == 412)
            #expect(try await send(standIn, "PUT", "/5", [StandInFixture.json, ("If-Unmodified-Since", future)], body: "{\"Name\":\"x\"}").status == 200)
            #expect(try await send(standIn, "GET", "/5", [("If-Modified-Since", past)]).status == 200)
        }
    }
}
