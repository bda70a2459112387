import Foundation
import Testing
import SuperOfficeStandIn

@Suite("OAuth token endpoint")
struct OAuthTests {
    private static func grant(_ standIn: SuperOfficeStandIn, body: String, query: String = "", headers: [(String, String)] = []) async throws -> RawHTTPResponse {
        try await RawHTTPClient.send(
            port: standIn.port, method: "POST", path: "/login/common/oauth/tokens" + query,
            headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers, body: Array(body.utf8)
        )
    }

    private static let refresh = "grant_type=refresh_token&client_id=demo-client&client_secret=demo-app-token&refresh_token=demo-refresh-token"

    private static func principal(_ standIn: SuperOfficeStandIn, token: String) async throws -> RawHTTPResponse {
        try await RawHTTPClient.send(port: standIn.port, path: "/Cust12345/api/v1/User/currentPrincipal", headers: [("Authorization", "Bearer \(token)")])
    }

    @Test("a refresh grant returns a fresh 8A: access token that works, expires_in and a verifiable id_token")
    func refreshGrant() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let answer = try await Self.grant(standIn, body: Self.refresh)
            #expect(answer.status == 200)
            let body = try answer.jsonObject()
            #expect(body["token_type"] as? String == "Bearer")
            #expect(body["expires_in"] as? Int == 3600)
            #expect(body["refresh_token"] == nil)
            let token = try #require(body["access_token"] as? String)
            #expect(token.hasPrefix("8A:Cust12345."))
            let idToken = try #require(body["id_token"] as? String)
            let jwks = try await RawHTTPClient.send(port: standIn.port, path: "/login/.well-known/jwks")
            #expect(StandInJWT.verify(idToken, jwks: jwks.body))
            #expect(StandInJWT.claims(of: idToken)?["http://schemes.superoffice.net/identity/webapi_url"] as? String == standIn.baseURL + "/Cust12345/api")
            #expect(try await Self.principal(standIn, token: token).jsonObject()["UserName"] as? String == "alice")
            #expect(standIn.tokenGrantCount == 1)
        }
    }

    @Test("parameters in the query string and client_secret_basic are accepted too")
    func alternativeForms() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            #expect(try await Self.grant(standIn, body: "", query: "?" + Self.refresh).status == 200)
            let basic = "Basic " + Data("demo-client:demo-app-token".utf8).base64EncodedString()
            let answer = try await Self.grant(
                standIn, body: "grant_type=refresh_token&refresh_token=demo-refresh-token", headers: [("Authorization", basic)]
            )
            #expect(answer.status == 200)
            #expect(standIn.tokenGrantCount == 2)
        }
    }

    @Test("a wrong client secret, an unknown or revoked refresh token answer 400 invalid_grant; other grants are unsupported")
    func refusals() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let wrongSecret = Self.refresh.replacingOccurrences(of: "client_secret=demo-app-token", with: "client_secret=nope")
            let unknownRefresh = Self.refresh.replacingOccurrences(of: "demo-refresh-token", with: "other")
            for body in [wrongSecret, unknownRefresh] {
                let answer = try await Self.grant(standIn, body: body)
                #expect(answer.status == 400)
                #expect(try answer.jsonObject()["error"] as? String == "invalid_grant")
            }
            let code = try await Self.grant(standIn, body: "grant_type=password&client_id=demo-client&client_secret=demo-app-token")
            #expect(try code.jsonObject()["error"] as? String == "unsupported_grant_type")
            standIn.revokeRefreshToken("demo-refresh-token")
            #expect(try await Self.grant(standIn, body: Self.refresh).status == 400)
            standIn.addRefreshToken("demo-refresh-token", user: "bob")
            let token = try #require(try await Self.grant(standIn, body: Self.refresh).jsonObject()["access_token"] as? String)
            #expect(try await Self.principal(standIn, token: token).jsonObject()["UserName"] as? String == "bob")
            #expect(standIn.tokenGrantCount == 1)
        }
    }

    @Test("access tokens expire by expireAllCredentials or after expires_in (configurable); the refresh token still renews")
    func expiryAndRenewal() async throws {
        try await StandInFixture.withStandIn(StandInConfiguration(accessTokenLifetime: .seconds(1200))) { standIn async throws in
            let first = try await Self.grant(standIn, body: Self.refresh).jsonObject()
            #expect(first["expires_in"] as? Int == 1200)
            let token = try #require(first["access_token"] as? String)
            standIn.expireAllCredentials()
            #expect(try await Self.principal(standIn, token: token).status == 401)
            let renewed = try #require(try await Self.grant(standIn, body: Self.refresh).jsonObject()["access_token"] as? String)
            #expect(renewed != token)
            #expect(try await Self.principal(standIn, token: renewed).status == 200)
            standIn.advanceClock(by: .seconds(1100))
            #expect(try await Self.principal(standIn, token: renewed).status == 200)
            standIn.advanceClock(by: .seconds(200))
            #expect(try await Self.principal(standIn, token: renewed).status == 401)
        }
    }
}
