import Foundation
import Testing
import SuperOfficeStandIn

@Suite("PartnerSystemUser/Authenticate, JWKS and tickets")
struct SystemUserTests {
    static let systemUserToken = "GatewayApp-q8Xy71"

    private static func configuration(publicKeyPEM: String, window: Duration = .seconds(300)) -> StandInConfiguration {
        StandInConfiguration(systemUsers: [systemUserToken: (publicKeyPEM, "alice")], systemUserTimestampWindow: window)
    }

    private static func authenticate(
        _ standIn: SuperOfficeStandIn, signed: String, appToken: String = "demo-app-token", context: String = "Cust12345"
    ) async throws -> RawHTTPResponse {
        let body = "{\"SignedSystemToken\":\"\(signed)\",\"ApplicationToken\":\"\(appToken)\",\"ContextIdentifier\":\"\(context)\",\"ReturnTokenType\":\"JWT\"}"
        return try await RawHTTPClient.send(
            port: standIn.port, method: "POST", path: "/Login/api/PartnerSystemUser/Authenticate",
            headers: [StandInFixture.json, ("Accept", "application/json")], body: Array(body.utf8)
        )
    }

    private static func principal(_ standIn: SuperOfficeStandIn, ticket: String) async throws -> RawHTTPResponse {
        try await RawHTTPClient.send(
            port: standIn.port, path: "/Cust12345/api/v1/User/currentPrincipal",
            headers: [("Authorization", "SOTicket \(ticket)"), ("SO-AppToken", "demo-app-token")]
        )
    }

    @Test("a correctly signed token yields an RS256 JWT, verifiable with the JWKS, whose ticket works on the API")
    func success() async throws {
        let keys = try SuperOfficeStandIn.makeTestKeyPair()
        try await StandInFixture.withStandIn(Self.configuration(publicKeyPEM: keys.publicKeyPEM)) { standIn async throws in
            let signed = try SuperOfficeStandIn.signSystemUserToken(Self.systemUserToken, privateKeyPEM: keys.privatePEM)
            let answer = try await Self.authenticate(standIn, signed: signed)
            #expect(answer.status == 200)
            let body = try answer.jsonObject()
            #expect(body["IsSuccessful"] as? Bool == true)
            #expect(body["ErrorMessage"] is NSNull)
            let token = try #require(body["Token"] as? String)
            let claims = try #require(StandInJWT.claims(of: token))
            #expect(claims["iss"] as? String == "SuperOffice AS")
            #expect(claims["aud"] as? String == "spn:1139903")
            #expect(claims["http://schemes.superoffice.net/identity/ctx"] as? String == "Cust12345")
            #expect(claims["http://schemes.superoffice.net/identity/serial"] as? String == "1139903")
            let expiry = try #require(claims["exp"] as? Int)
            #expect(expiry > Int(Date().timeIntervalSince1970))
            let ticket = try #require(claims["http://schemes.superoffice.net/identity/ticket"] as? String)
            #expect(ticket.hasPrefix("7T:"))
            let jwks = try await RawHTTPClient.send(port: standIn.port, path: "/login/.well-known/jwks")
            #expect(StandInJWT.verify(token, jwks: jwks.body))
            let principal = try await Self.principal(standIn, ticket: ticket)
            #expect(try principal.jsonObject()["UserName"] as? String == "alice")
            #expect(standIn.systemUserAuthenticationCount == 1)
        }
    }

    @Test("bad signature, stale timestamp, wrong app token, wrong tenant or unknown token: 200 with IsSuccessful false")
    func failures() async throws {
        let keys = try SuperOfficeStandIn.makeTestKeyPair()
        let other = try SuperOfficeStandIn.makeTestKeyPair()
        try await StandInFixture.withStandIn(Self.configuration(publicKeyPEM: keys.publicKeyPEM)) { standIn async throws in
            let good = try SuperOfficeStandIn.signSystemUserToken(Self.systemUserToken, privateKeyPEM: keys.privatePEM)
            let forged = try SuperOfficeStandIn.signSystemUserToken(Self.systemUserToken, privateKeyPEM: other.privatePEM)
            let stale = try SuperOfficeStandIn.signSystemUserToken(
                Self.systemUserToken, privateKeyPEM: keys.privatePEM, at: Date().addingTimeInterval(-600)
            )
            let future = try SuperOfficeStandIn.signSystemUserToken(
                Self.systemUserToken, privateKeyPEM: keys.privatePEM, at: Date().addingTimeInterval(600)
            )
            let unknown = try SuperOfficeStandIn.signSystemUserToken("Other-app", privateKeyPEM: keys.privatePEM)
            let tampered = good.replacingOccurrences(of: Self.systemUserToken, with: Self.systemUserToken + "x")
            let cases: [(RawHTTPResponse, String)] = [
                (try await Self.authenticate(standIn, signed: forged), "Invalid signature"),
                (try await Self.authenticate(standIn, signed: stale), "Invalid timestamp"),
                (try await Self.authenticate(standIn, signed: future), "Invalid timestamp"),
                (try await Self.authenticate(standIn, signed: good, appToken: "wrong"), "Invalid application token"),
                (try await Self.authenticate(standIn, signed: good, context: "Cust99999"), "Invalid context identifier"),
                (try await Self.authenticate(standIn, signed: unknown), "Unknown system user token"),
                (try await Self.authenticate(standIn, signed: tampered), "Unknown system user token"),
                (try await Self.authenticate(standIn, signed: "garbage"), "Invalid signed system token"),
            ]
            for (answer, message) in cases {
                #expect(answer.status == 200)
                let body = try answer.jsonObject()
                #expect(body["IsSuccessful"] as? Bool == false)
                #expect(body["ErrorMessage"] as? String == message)
                #expect(body["Token"] is NSNull)
            }
            #expect(standIn.systemUserAuthenticationCount == 0)
            #expect(standIn.receivedCount(pathContaining: "PartnerSystemUser") == cases.count)
        }
    }

    @Test("expireAllCredentials expires issued tickets; a renewal issues a new working one and is counted")
    func renewal() async throws {
        let keys = try SuperOfficeStandIn.makeTestKeyPair()
        try await StandInFixture.withStandIn(Self.configuration(publicKeyPEM: keys.publicKeyPEM)) { standIn async throws in
            func freshTicket() async throws -> String {
                let signed = try SuperOfficeStandIn.signSystemUserToken(Self.systemUserToken, privateKeyPEM: keys.privatePEM)
                let token = try #require(try await Self.authenticate(standIn, signed: signed).jsonObject()["Token"] as? String)
                return try #require(StandInJWT.claims(of: token)?["http://schemes.superoffice.net/identity/ticket"] as? String)
            }
            let first = try await freshTicket()
            #expect(try await Self.principal(standIn, ticket: first).status == 200)
            standIn.expireAllCredentials()
            #expect(try await Self.principal(standIn, ticket: first).status == 401)
            let second = try await freshTicket()
            #expect(second != first)
            #expect(try await Self.principal(standIn, ticket: second).status == 200)
            #expect(standIn.systemUserAuthenticationCount == 2)
        }
    }

    @Test("tickets expire 6 h after their last use: each use slides the window")
    func slidingExpiry() async throws {
        let configuration = StandInConfiguration(ticketLifetime: .seconds(6 * 3600))
        try await StandInFixture.withStandIn(configuration) { standIn async throws in
            let ticket = "7T:alice-ticket"
            #expect(try await Self.principal(standIn, ticket: ticket).status == 200)
            standIn.advanceClock(by: .seconds(5 * 3600))
            #expect(try await Self.principal(standIn, ticket: ticket).status == 200)
            standIn.advanceClock(by: .seconds(5 * 3600))
            #expect(try await Self.principal(standIn, ticket: ticket).status == 200)
            standIn.advanceClock(by: .seconds(6 * 3600 + 1))
            #expect(try await Self.principal(standIn, ticket: ticket).status == 401)
        }
    }

    @Test("the JWKS publishes one RS256 RSA key with base64url n and e; openid-configuration points at this server")
    func discovery() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let jwks = try await RawHTTPClient.send(port: standIn.port, path: "/login/.well-known/jwks").jsonObject()
            let key = try #require((jwks["keys"] as? [[String: Any]])?.first)
            #expect(key["kty"] as? String == "RSA")
            #expect(key["alg"] as? String == "RS256")
            #expect((key["kid"] as? String)?.isEmpty == false)
            let modulus = try #require(key["n"] as? String)
            #expect(key["e"] as? String == "AQAB")
            #expect(modulus.count > 300 && !modulus.contains("=") && !modulus.contains("+") && !modulus.contains("/"))
            let configuration = try await RawHTTPClient.send(port: standIn.port, path: "/login/.well-known/openid-configuration").jsonObject()
            #expect(configuration["token_endpoint"] as? String == standIn.baseURL + "/login/common/oauth/tokens")
            #expect(configuration["jwks_uri"] as? String == standIn.baseURL + "/login/.well-known/jwks")
            #expect(configuration["id_token_signing_alg_values_supported"] as? [String] == ["RS256"])
        }
    }
}
