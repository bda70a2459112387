import Foundation
import NIOHTTP1
import _CryptoExtras

/// `POST /Login/api/PartnerSystemUser/Authenticate` (reference §1.4): verifies
/// `<systemUserToken>.<yyyyMMddHHmm>.<base64 RSA-SHA256 PKCS#1 v1.5 signature>` against the registered public key,
/// then answers a JWT carrying a fresh `7T:` ticket. Failures are HTTP 200 with `IsSuccessful:false` ([I]).
struct SystemUserEndpoint: Sendable {
    var configuration: StandInConfiguration

    func handle(_ context: RouteContext, state: inout StandInState) -> StandInResponse {
        let request = context.request
        guard request.method == .POST else {
            return SuperOfficeErrorBody.aspNetMessage(.methodNotAllowed, "The requested resource does not support http method '\(request.method.rawValue)'.")
        }
        guard let body = try? RequestBody.decode(request.body, contentType: request.contentType), case .json(.object) = body else {
            return SuperOfficeErrorBody.aspNetMessage(.badRequest, "The request is invalid.")
        }
        guard case .value(let appToken) = body.string("ApplicationToken"), configuration.appTokens.contains(appToken) else {
            return failure("Invalid application token")
        }
        guard case .value(let tenant) = body.string("ContextIdentifier"), tenant.lowercased() == configuration.context.lowercased() else {
            return failure("Invalid context identifier")
        }
        if case .value(let tokenType) = body.string("ReturnTokenType"), tokenType.lowercased() != "jwt" {
            return failure("Unsupported token type")
        }
        guard case .value(let signed) = body.string("SignedSystemToken") else { return failure("Missing signed system token") }
        var parts = signed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return failure("Invalid signed system token") }
        let signature = parts.removeLast()
        let timestamp = parts.removeLast()
        let systemUserToken = parts.joined(separator: ".")
        guard let registered = configuration.systemUsers[systemUserToken] else { return failure("Unknown system user token") }
        guard let publicKey = try? _RSA.Signing.PublicKey(pemRepresentation: registered.publicKeyPEM),
              let signatureBytes = Data(base64Encoded: signature),
              publicKey.isValidSignature(
                  _RSA.Signing.RSASignature(rawRepresentation: signatureBytes), for: Array("\(systemUserToken).\(timestamp)".utf8),
                  padding: .insecurePKCS1v1_5
              ) else {
            return failure("Invalid signature")
        }
        let window = configuration.systemUserTimestampWindow.components.seconds
        guard let signedAt = CivilDateTime.parseCompactMinute(timestamp), abs(signedAt.epochSeconds - context.nowEpoch) <= window else {
            return failure("Invalid timestamp")
        }
        let ticket = IssuedCredentials.ticket()
        do {
            let key = try state.key(configuration: configuration)
            let token = try key.jwt(claims: claims(ticket: ticket, user: registered.user, systemUserToken: systemUserToken, context: context, state: state))
            state.credentials.issueTicket(ticket, user: registered.user, now: context.now)
            state.systemUserAuthentications += 1
            return .json(.object([
                JSONMember("IsSuccessful", .bool(true)), JSONMember("Token", .string(token)), JSONMember("ErrorMessage", .null),
            ]))
        } catch {
            return SuperOfficeErrorBody.soError(.internalServerError, type: "SoSigningException", message: "Could not sign the token.")
        }
    }

    private func claims(ticket: String, user: String, systemUserToken: String, context: RouteContext, state: StandInState) -> JSONValue {
        let apiURL = state.tenant.apiURL ?? "\(context.baseURL)/\(configuration.context)/api"
        return .object([
            JSONMember("iss", .string("SuperOffice AS")),
            JSONMember("aud", .string("spn:\(configuration.databaseSerial)")),
            JSONMember("nbf", .int(context.nowEpoch - 60)),
            JSONMember("iat", .int(context.nowEpoch)),
            JSONMember("exp", .int(context.nowEpoch + configuration.systemUserJWTLifetime.components.seconds)),
            JSONMember(IdentityClaims.ticket, .string(ticket)),
            JSONMember(IdentityClaims.context, .string(configuration.context)),
            JSONMember(IdentityClaims.serial, .string(configuration.databaseSerial)),
            JSONMember(IdentityClaims.upn, .string(user)),
            JSONMember(IdentityClaims.webAPIURL, .string(apiURL)),
            JSONMember(IdentityClaims.prefix + "system_token", .string(systemUserToken)),
        ])
    }

    private func failure(_ message: String) -> StandInResponse {
        .json(.object([
            JSONMember("IsSuccessful", .bool(false)), JSONMember("Token", .null), JSONMember("ErrorMessage", .string(message)),
        ]))
    }
}
