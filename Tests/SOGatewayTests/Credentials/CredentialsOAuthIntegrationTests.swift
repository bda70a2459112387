import NIOHTTP1
import SuperOfficeStandIn
import Testing
import UpstreamTransport

/// OAuth refresh-token grants end to end against the stand-in's token endpoint.
struct CredentialsOAuthIntegrationTests {
    static func yaml(_ standInURL: String, refreshToken: String = "demo-refresh-token", renewal: String? = nil) -> String {
        CredentialsYAML.gateway(
            target: CredentialsYAML.url(standInURL),
            credentials: """
                oauth: { client_id: demo-client, client_secret: demo-app-token, refresh_token: \(refreshToken), token_url: \(standInURL)/login/common/oauth/tokens }
                """,
            renewal: renewal
        )
    }

    @Test func anAccessTokenIsObtainedOnceAndSentAsBearer() async throws {
        try await withHarness(yaml: { Self.yaml($0) }) { h in
            for _ in 0..<3 {
                #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            }
            #expect(h.standIn.tokenGrantCount == 1)
            let call = try #require(h.standIn.received.last)
            #expect(call.header("Authorization")?.hasPrefix("Bearer 8A:Cust12345.") == true)
            let grant = try #require(h.standIn.received.first { $0.path.lowercased().contains("oauth/tokens") })
            #expect(grant.bodyText.contains("grant_type=refresh_token"))
            h.expectNoSecretsLogged([TestKeys.partnerA, "demo-app-token", "demo-refresh-token"] + h.upstreamCredentialValues)
        }
    }

    @Test func tokensExpiringDuringTrafficCauseExactlyOneGrantFor50ConcurrentRequests() async throws {
        try await withHarness(yaml: { Self.yaml($0) }) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            h.standIn.expireAllCredentials()
            let statuses = try await h.concurrently(50)
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses.filter { $0 != .ok })")
            #expect(h.standIn.tokenGrantCount == 2)
            #expect(h.standIn.receivedCount(pathContaining: "oauth/tokens") == 2)
            h.expectNoSecretsLogged([TestKeys.partnerA, "demo-app-token", "demo-refresh-token"] + h.upstreamCredentialValues)
        }
    }

    @Test func aRevokedRefreshTokenIsA502ProblemAndNotReady() async throws {
        try await withHarness(yaml: { Self.yaml($0, refreshToken: "revoked-refresh-token") }) { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .badGateway)
            #expect(response.problemDetail?.contains("invalid_grant") == true)
            #expect(!response.text.contains("revoked-refresh-token"))
            let (status, body) = try await h.readiness()
            #expect(status == .serviceUnavailable)
            #expect(body.contains("oauth"))
            h.expectNoSecretsLogged([TestKeys.partnerA, "demo-app-token", "revoked-refresh-token"])
        }
    }
}
