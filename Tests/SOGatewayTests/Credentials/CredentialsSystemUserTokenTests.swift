import Crypto
import Foundation
import Testing
import _CryptoExtras

@testable import SOGateway

/// Reading PartnerSystemUser answers and checking the JWT inside, without sockets.
struct CredentialsSystemUserTokenTests {
    static func base64URL(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func jwt(claims: [String: Any], kid: String = "k1", alg: String = "RS256", key: _RSA.Signing.PrivateKey) throws -> String {
        let header = try JSONSerialization.data(withJSONObject: ["alg": alg, "kid": kid, "typ": "JWT"])
        let payload = try JSONSerialization.data(withJSONObject: claims)
        let input = base64URL(header) + "." + base64URL(payload)
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + base64URL(signature.rawRepresentation)
    }

    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func claims(exp: Double? = nil, iss: String = "SuperOffice AS") -> [String: Any] {
        var claims: [String: Any] = [
            "iss": iss, "aud": "spn:1139903", SystemUserTicketExchange.ticketClaim: "7T:fresh-ticket",
        ]
        claims["exp"] = exp ?? now.timeIntervalSince1970 + 600
        return claims
    }

    @Test func aSuccessfulAnswerYieldsTheTicketClaim() throws {
        let key = try #require(CredentialsTestKeys.partner)
        let token = try Self.jwt(claims: claims(), key: key)
        let jwt = try SystemUserTicketExchange.token(from: 200, body: ["IsSuccessful": true, "Token": token], hiding: [])
        #expect(jwt.string(SystemUserTicketExchange.ticketClaim) == "7T:fresh-ticket")
        #expect(jwt.keyId == "k1")
    }

    @Test func aRefusalCarriesSuperOfficesMessageWithSecretsMasked() {
        let error = #expect(throws: CredentialError.self) {
            try SystemUserTicketExchange.token(
                from: 200, body: ["IsSuccessful": false, "ErrorMessage": "Invalid signature for App-secret-token\n"],
                hiding: ["App-secret-token"]
            )
        }
        #expect(error?.partnerMessage == "SuperOffice refused the system user sign-in: Invalid signature for ***.")
    }

    @Test func anHTTPErrorNamesTheStatus() {
        let error = #expect(throws: CredentialError.self) {
            try SystemUserTicketExchange.token(from: 500, body: nil, hiding: [])
        }
        #expect(error?.partnerMessage == "SuperOffice's PartnerSystemUser service answered HTTP 500.")
    }

    @Test func aValidSignatureFromTheJWKSKeyPasses() throws {
        let key = try #require(CredentialsTestKeys.partner)
        let jwt = try JSONWebToken(compact: Self.jwt(claims: claims(), key: key))
        let primitives = try key.publicKey.getKeyPrimitives()
        let keys = JWKSKeyCache.parse([
            ["kty": "RSA", "kid": "k1", "n": Self.base64URL(primitives.modulus), "e": Self.base64URL(primitives.publicExponent)]
        ])
        let published = try #require(keys["k1"])
        try SystemUserJWTVerifier.check(jwt, key: published, now: now)
    }

    @Test func aTamperedTokenAnExpiredTokenAndAWrongIssuerAreRejected() throws {
        let key = try #require(CredentialsTestKeys.partner)
        let good = try Self.jwt(claims: claims(), key: key)
        let parts = good.split(separator: ".").map(String.init)
        let forgedPayload = Self.base64URL(try JSONSerialization.data(withJSONObject: [SystemUserTicketExchange.ticketClaim: "7T:other"]))
        let tampered = try JSONWebToken(compact: parts[0] + "." + forgedPayload + "." + parts[2])
        #expect(throws: CredentialError.self) { try SystemUserJWTVerifier.check(tampered, key: key.publicKey, now: now) }
        let expired = try JSONWebToken(compact: Self.jwt(claims: claims(exp: now.timeIntervalSince1970 - 120), key: key))
        #expect(throws: CredentialError.self) { try SystemUserJWTVerifier.check(expired, key: key.publicKey, now: now) }
        let foreign = try JSONWebToken(compact: Self.jwt(claims: claims(iss: "Someone Else"), key: key))
        #expect(throws: CredentialError.self) { try SystemUserJWTVerifier.check(foreign, key: key.publicKey, now: now) }
    }

    @Test func somethingThatIsNotAJWTIsAClearError() {
        #expect(throws: CredentialError.self) { try JSONWebToken(compact: "not-a-jwt") }
        #expect(throws: CredentialError.self) { try JSONWebToken(compact: "a.b.c") }
    }
}
