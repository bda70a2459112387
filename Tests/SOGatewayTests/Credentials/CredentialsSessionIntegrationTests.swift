import NIOHTTP1
import SuperOfficeStandIn
import Testing
import UpstreamTransport

/// Cookie sessions with the XSRF token pair end to end.
struct CredentialsSessionIntegrationTests {
    static let standIn = StandInConfiguration(sessions: ["session-cookie-1": StandInSession(user: "alice", xsrfToken: "xsrf-token-1")])

    static func yaml(_ standInURL: String, login: Bool, renewal: String? = nil) -> String {
        let loginBlock = login ? ", login: { url: \(standInURL)/Cust12345/login, user: alice, password: alice-password }" : ""
        return CredentialsYAML.gateway(
            target: CredentialsYAML.url(standInURL),
            credentials: """
                session: { cookies: { .ASPXAUTH: session-cookie-1, XSRF-TOKEN: xsrf-token-1 }\(loginBlock) }
                """,
            renewal: renewal
        )
    }

    static let secrets = [TestKeys.partnerA, "session-cookie-1", "xsrf-token-1", "alice-password", "demo-app-token"]

    @Test func theSessionIsSentAsCookiesWithTheXSRFHeaderAndNoAuthorization() async throws {
        try await withHarness(standIn: Self.standIn, yaml: { Self.yaml($0, login: false) }) { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .ok)
            #expect(response.header("Set-Cookie") == nil)
            let call = try #require(h.standIn.received.last)
            #expect(call.header("Authorization") == nil)
            #expect(call.header("Cookie")?.contains(".ASPXAUTH=session-cookie-1") == true)
            #expect(call.header("X-XSRF-TOKEN") == "xsrf-token-1")
            h.expectNoSecretsLogged(Self.secrets + h.upstreamCredentialValues)
        }
    }

    @Test func aRotatedXSRFTokenIsUsedFromTheNextCallOn() async throws {
        try await withHarness(standIn: Self.standIn, yaml: { Self.yaml($0, login: false) }) { h in
            h.standIn.setXSRFRotation(true)
            for _ in 0..<4 {
                let expected = try #require(h.standIn.xsrfToken(forSessionCookie: "session-cookie-1"))
                #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
                #expect(h.standIn.received.last?.header("X-XSRF-TOKEN") == expected)
            }
            #expect(h.standIn.xsrfToken(forSessionCookie: "session-cookie-1") != "xsrf-token-1")
            h.expectNoSecretsLogged(Self.secrets + h.upstreamCredentialValues)
        }
    }

    @Test func anExpiredSessionWithoutLoginIsA502AndNotReady() async throws {
        try await withHarness(standIn: Self.standIn, yaml: { Self.yaml($0, login: false) }) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            h.standIn.expireAllCredentials()
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .badGateway)
            #expect(response.problemDetail?.contains("no session login is configured") == true)
            let (status, body) = try await h.readiness()
            #expect(status == .serviceUnavailable)
            #expect(body.contains("session"))
            let before = h.standIn.received.count
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .badGateway)
            #expect(h.standIn.received.count == before, "a dead session is not sent upstream again")
            h.expectNoSecretsLogged(Self.secrets)
        }
    }

    @Test func anExpiredSessionWithLoginSignsInOnceFor50ConcurrentRequests() async throws {
        try await withHarness(standIn: Self.standIn, yaml: { Self.yaml($0, login: true) }) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            h.standIn.expireAllCredentials()
            let statuses = try await h.concurrently(50)
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses.filter { $0 != .ok })")
            #expect(h.standIn.receivedCount(pathContaining: "/Cust12345/login") == 1)
            let call = try #require(h.standIn.received.last)
            #expect(call.header("Cookie")?.contains("session-cookie-1") == false)
            let (status, _) = try await h.readiness()
            #expect(status == .ok)
            h.expectNoSecretsLogged(Self.secrets + h.upstreamCredentialValues)
        }
    }
}
