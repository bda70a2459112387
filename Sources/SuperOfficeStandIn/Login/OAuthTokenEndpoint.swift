import Foundation
import NIOHTTP1

/// `POST /login/common/oauth/tokens` (reference §1.3): the refresh-token grant, parameters from a form body or the
/// query string, client authentication by `client_secret_post` or `client_secret_basic`.
struct OAuthTokenEndpoint: Sendable {
    var configuration: StandInConfiguration

    func handle(_ context: RouteContext, state: inout StandInState) -> StandInResponse {
        let request = context.request
        guard request.method == .POST else { return oauthError(.methodNotAllowed, "invalid_request", "Use POST.") }
        var parameters = request.queryPairs
        if request.contentType == nil || request.contentType == "application/x-www-form-urlencoded" {
            parameters += FormDecoder.pairs(String(decoding: request.body, as: UTF8.self))
        }
        func parameter(_ name: String) -> String? { parameters.last { $0.name == name }?.value }
        var clientId = parameter("client_id")
        var clientSecret = parameter("client_secret")
        if let basic = basicClientCredentials(request) {
            clientId = clientId ?? basic.id
            clientSecret = clientSecret ?? basic.secret
        }
        guard let grantType = parameter("grant_type") else { return oauthError(.badRequest, "invalid_request", "grant_type is missing.") }
        guard grantType == "refresh_token" else {
            return oauthError(.badRequest, "unsupported_grant_type", "Only refresh_token is supported by the stand-in.")
        }
        guard let clientId, let clientSecret, configuration.oauthClients[clientId] == clientSecret else {
            return oauthError(.badRequest, "invalid_grant", "Unknown client or wrong client secret.")
        }
        guard let refreshToken = parameter("refresh_token"), let user = state.refreshTokens[refreshToken] else {
            return oauthError(.badRequest, "invalid_grant", "The refresh token is unknown or revoked.")
        }
        let accessToken = IssuedCredentials.accessToken(context: configuration.context)
        let lifetime = configuration.accessTokenLifetime.components.seconds
        let apiURL = state.tenant.apiURL ?? "\(context.baseURL)/\(configuration.context)/api"
        let idClaims = JSONValue.object([
            JSONMember("iss", .string(context.baseURL)),
            JSONMember("aud", .string(clientId)),
            JSONMember("sub", .string(user)),
            JSONMember("iat", .int(context.nowEpoch)),
            JSONMember("exp", .int(context.nowEpoch + lifetime)),
            JSONMember(IdentityClaims.context, .string(configuration.context)),
            JSONMember(IdentityClaims.upn, .string(user)),
            JSONMember(IdentityClaims.serial, .string(configuration.databaseSerial)),
            JSONMember(IdentityClaims.webAPIURL, .string(apiURL)),
        ])
        let idToken: String
        do {
            idToken = try state.key(configuration: configuration).jwt(claims: idClaims)
        } catch {
            return oauthError(.internalServerError, "server_error", "Could not sign the id_token.")
        }
        state.credentials.issueBearer(accessToken, user: user, now: context.now)
        state.tokenGrants += 1
        var response = StandInResponse.json(.object([
            JSONMember("token_type", .string("Bearer")),
            JSONMember("access_token", .string(accessToken)),
            JSONMember("expires_in", .int(lifetime)),
            JSONMember("id_token", .string(idToken)),
        ]))
        response.headers.add(name: "Cache-Control", value: "no-store")
        response.headers.add(name: "Pragma", value: "no-cache")
        return response
    }

    private func basicClientCredentials(_ request: StandInRequest) -> (id: String, secret: String)? {
        guard let header = request.header("Authorization"), header.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (FormDecoder.percentDecode(String(text[..<colon])), FormDecoder.percentDecode(String(text[text.index(after: colon)...])))
    }

    private func oauthError(_ status: HTTPResponseStatus, _ code: String, _ description: String) -> StandInResponse {
        .json(.object([JSONMember("error", .string(code)), JSONMember("error_description", .string(description))]), status: status)
    }
}
