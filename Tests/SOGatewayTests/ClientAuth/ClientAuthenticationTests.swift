import NIOHTTP1
import Testing

@Suite("Client authentication")
struct ClientAuthenticationTests {
    @Test("A request without a key gets 401 problem+json with WWW-Authenticate and nothing goes upstream")
    func missingKey() async throws {
        try await withHarness { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5", key: nil)
            #expect(response.status == .unauthorized)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.header("WWW-Authenticate")?.lowercased().hasPrefix("bearer") == true)
            #expect(response.text.contains("\"status\":401"))
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("Unknown and malformed keys get the same status and body shape, and nothing goes upstream")
    func unknownKey() async throws {
        try await withHarness { h in
            let unknown = try await h.send(.GET, "/api/v1/Contact/5", key: "not-a-key")
            let malformed = try await h.send(.GET, "/api/v1/Contact/5", headers: [("Authorization", "Bearer")], key: nil)
            let wrongScheme = try await h.send(.GET, "/api/v1/Contact/5", headers: [("Authorization", "Basic \(TestKeys.partnerA)")], key: nil)
            for response in [unknown, malformed, wrongScheme] {
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("urn:so-gateway:problem:unauthorized"))
            }
            let strip: (String) -> String = { $0.replacingOccurrences(of: #""request_id":"[^"]*""#, with: "", options: .regularExpression) }
            #expect(strip(unknown.text) == strip(malformed.text))
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("The key is accepted as X-API-Key and as Authorization: Bearer")
    func bothForms() async throws {
        try await withHarness { h in
            let viaHeader = try await h.send(.GET, "/api/v1/Contact/5")
            let viaBearer = try await h.send(.GET, "/api/v1/Contact/5", headers: [("Authorization", "Bearer \(TestKeys.partnerA)")], key: nil)
            #expect(viaHeader.status == .ok)
            #expect(viaBearer.status == .ok)
        }
    }

    @Test("A key in the query string is not accepted")
    func keyInQuery() async throws {
        try await withHarness { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5?api_key=\(TestKeys.partnerA)&X-API-Key=\(TestKeys.partnerA)", key: nil)
            #expect(response.status == .unauthorized)
            #expect(h.standIn.received.isEmpty)
        }
    }
}
