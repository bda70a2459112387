import Foundation
import Testing
import UpstreamTransport

@testable import SOGateway

/// Token answers, tenant states and form bodies, parsed without sockets.
struct CredentialsParsingTests {
    @Test func aTokenAnswerGivesTheAccessTokenItsLifetimeAndARotatedRefreshToken() throws {
        let answer = try OAuthTokenGrant.parse(
            status: 200, body: ["access_token": "8A:Cust1.abc", "expires_in": NSNumber(value: 3600), "refresh_token": "r2"], hiding: []
        )
        #expect(answer == OAuthTokenGrant.Answer(accessToken: "8A:Cust1.abc", expiresIn: 3600, refreshToken: "r2"))
        let noLifetime = try OAuthTokenGrant.parse(status: 200, body: ["access_token": "8A:x"], hiding: [])
        #expect(noLifetime.expiresIn == OAuthTokenGrant.defaultLifetimeSeconds)
    }

    @Test func aBadGrantNamesTheOAuthErrorButNoSecret() {
        let error = #expect(throws: CredentialError.self) {
            try OAuthTokenGrant.parse(status: 400, body: ["error": "invalid_grant", "error_description": "refresh r-secret"], hiding: ["r-secret"])
        }
        #expect(error?.partnerMessage.contains("invalid_grant") == true)
        #expect(error?.partnerMessage.contains("r-secret") == false)
    }

    @Test func theTenantStateGivesTheAPIBaseWithoutTheTrailingAPI() throws {
        let state = try #require(
            TenantState.parse([
                "ContextIdentifier": "Cust12345", "State": "Running", "IsRunning": true,
                "Api": "https://online3.superoffice.com/Cust12345/api/",
            ])
        )
        #expect(state.isRunning)
        #expect(state.base == UpstreamBase(endpoint: UpstreamEndpoint(scheme: .https, host: "online3.superoffice.com", port: 443), basePath: "/Cust12345"))
    }

    @Test func aNumericStateIsNamedAndAStateWithoutAddressHasNoBase() throws {
        let state = try #require(TenantState.parse(["State": 4, "IsRunning": false]))
        #expect(state.stateName == "Suspended")
        #expect(!state.isRunning)
        #expect(state.base == nil)
        #expect(TenantState.parse(["Api": "https://x"]) == nil)
    }

    @Test func formFieldsArePercentEncoded() {
        #expect(FormEncoding.encode([("grant_type", "refresh_token"), ("secret", "a+b/c=d e&f")]) == "grant_type=refresh_token&secret=a%2Bb%2Fc%3Dd%20e%26f")
    }

    @Test func upstreamMessagesAreBoundedSingleLineAndMasked() {
        let long = String(repeating: "x", count: 500)
        #expect(UpstreamMessage.sanitize(long, hiding: []).count == UpstreamMessage.maxLength + 1)
        #expect(UpstreamMessage.sanitize("bad\r\ntoken tok-123", hiding: ["tok-123"]) == "bad  token ***")
    }
}
