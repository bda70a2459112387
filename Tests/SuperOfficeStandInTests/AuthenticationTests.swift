import Foundation
import Testing
import SuperOfficeStandIn

@Suite("Authentication per reference §1-2")
struct AuthenticationTests {
    private let path = "/Cust12345/api/v1/User/currentPrincipal"

    private func get(_ standIn: SuperOfficeStandIn, _ headers: [(String, String)]) async throws -> RawHTTPResponse {
        try await RawHTTPClient.send(port: standIn.port, path: path, headers: headers)
    }

    @Test("no credentials at all answer 401 with a SuperOffice error body")
    func anonymousRejected() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let answer = try await get(standIn, [])
            #expect(answer.status == 401)
            #expect(try answer.jsonObject()["Error"] as? Bool == true)
        }
    }

    @Test("Basic works in onsite mode with the right password only, and is refused in Online mode")
    func basic() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let ok = try await get(standIn, [StandInFixture.basicAlice])
            #expect(ok.status == 200)
            #expect(try ok.jsonObject()["UserName"] as? String == "alice")
            let wrong = "Basic " + Data("alice:nope".utf8).base64EncodedString()
            #expect(try await get(standIn, [("Authorization", wrong)]).status == 401)
        }
        try await StandInFixture.withStandIn(StandInConfiguration(allowBasic: false)) { standIn async throws in
            #expect(try await get(standIn, [StandInFixture.basicAlice]).status == 401)
        }
    }

    @Test("SOTicket needs a valid SO-AppToken, in any scheme spelling")
    func ticket() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            for scheme in ["SOTicket", "SOTICKET", "SoTicket", "soticket"] {
                let answer = try await get(standIn, [("Authorization", "\(scheme) 7T:bob-ticket"), ("SO-AppToken", "demo-app-token")])
                #expect(answer.status == 200)
                #expect(try answer.jsonObject()["UserName"] as? String == "bob")
            }
            #expect(try await get(standIn, [("Authorization", "SOTicket 7T:bob-ticket")]).status == 401)
            #expect(try await get(standIn, [("Authorization", "SOTicket 7T:bob-ticket"), ("SO-AppToken", "wrong")]).status == 401)
            #expect(try await get(standIn, [("Authorization", "SOTicket 7T:unknown"), ("SO-AppToken", "demo-app-token")]).status == 401)
        }
        try await StandInFixture.withStandIn(StandInConfiguration(requireAppTokenWithTicket: false)) { standIn async throws in
            #expect(try await get(standIn, [("Authorization", "SOTicket 7T:alice-ticket")]).status == 200)
        }
    }

    @Test("Bearer access tokens identify their user; unknown tokens get 401")
    func bearer() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let ok = try await get(standIn, [("Authorization", "Bearer 8A:Cust12345.alice-token")])
            #expect(try ok.jsonObject()["UserName"] as? String == "alice")
            #expect(try await get(standIn, [("Authorization", "bearer 8A:Cust12345.bob-token")]).status == 200)
            #expect(try await get(standIn, [("Authorization", "Bearer 8A:Cust12345.other")]).status == 401)
            #expect(try await get(standIn, [("Authorization", "Negotiate abc")]).status == 401)
        }
    }

    @Test("without Authorization a session cookie needs the session's X-XSRF-TOKEN")
    func session() async throws {
        let configuration = StandInConfiguration(sessions: ["sess-1": StandInSession(user: "alice", xsrfToken: "xsrf-1")])
        try await StandInFixture.withStandIn(configuration) { standIn async throws in
            let cookie = ("Cookie", "other=1; \(SuperOfficeStandIn.sessionCookieName)=sess-1")
            #expect(try await get(standIn, [cookie, ("X-XSRF-TOKEN", "xsrf-1")]).status == 200)
            #expect(try await get(standIn, [cookie]).status == 401)
            #expect(try await get(standIn, [cookie, ("X-XSRF-TOKEN", "xsrf-2")]).status == 401)
            #expect(try await get(standIn, [("Cookie", "SuperOffice.Session=sess-1"), ("X-XSRF-TOKEN", "xsrf-1")]).status == 200)
            #expect(try await get(standIn, [("Cookie", ".ASPXAUTH=other"), ("X-XSRF-TOKEN", "xsrf-1")]).status == 401)
        }
    }

    @Test("expireAllCredentials turns every configured ticket, token and session into 401; Basic still works")
    func expireAll() async throws {
        let configuration = StandInConfiguration(sessions: ["sess-1": StandInSession(user: "alice", xsrfToken: "xsrf-1")])
        try await StandInFixture.withStandIn(configuration) { standIn async throws in
            let ticket = [("Authorization", "SOTicket 7T:alice-ticket"), ("SO-AppToken", "demo-app-token")]
            let bearer = [("Authorization", "Bearer 8A:Cust12345.alice-token")]
            let session = [("Cookie", ".ASPXAUTH=sess-1"), ("X-XSRF-TOKEN", "xsrf-1")]
            for headers in [ticket, bearer, session] { #expect(try await get(standIn, headers).status == 200) }
            standIn.expireAllCredentials()
            for headers in [ticket, bearer, session] { #expect(try await get(standIn, headers).status == 401) }
            #expect(try await get(standIn, [StandInFixture.basicAlice]).status == 200)
        }
    }

    @Test("the 403 alternative for rejected credentials is configurable")
    func forbiddenAlternative() async throws {
        try await StandInFixture.withStandIn(StandInConfiguration(unauthorizedStatus: 403)) { standIn async throws in
            #expect(try await get(standIn, [("Authorization", "Bearer nope")]).status == 403)
        }
    }

    @Test("with XSRF rotation on, answers set a new XSRF-TOKEN cookie and the old token stops working")
    func xsrfRotation() async throws {
        let configuration = StandInConfiguration(sessions: ["sess-1": StandInSession(user: "alice", xsrfToken: "xsrf-1")])
        try await StandInFixture.withStandIn(configuration) { standIn async throws in
            standIn.setXSRFRotation(true)
            let first = try await get(standIn, [("Cookie", ".ASPXAUTH=sess-1"), ("X-XSRF-TOKEN", "xsrf-1")])
            #expect(first.status == 200)
            let rotated = try #require(first.headerValues("Set-Cookie").first { $0.hasPrefix("XSRF-TOKEN=") })
            let newToken = String(rotated.dropFirst("XSRF-TOKEN=".count).prefix { $0 != ";" })
            #expect(newToken != "xsrf-1")
            #expect(standIn.xsrfToken(forSessionCookie: "sess-1") == newToken)
            #expect(try await get(standIn, [("Cookie", ".ASPXAUTH=sess-1"), ("X-XSRF-TOKEN", "xsrf-1")]).status == 401)
            #expect(try await get(standIn, [("Cookie", ".ASPXAUTH=sess-1"), ("X-XSRF-TOKEN", newToken)]).status == 200)
        }
    }
}
