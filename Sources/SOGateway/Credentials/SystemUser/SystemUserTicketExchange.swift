import Foundation
import GatewayConfig
import NIOCore
import NIOHTTP1
import UpstreamTransport

/// One system-user sign-in: sign the system-user token, post it to PartnerSystemUser/Authenticate, take the
/// ticket from the returned JWT (verified when configured) and turn it into `Authorization: SOTicket`.
struct SystemUserTicketExchange: Sendable {
    static let path = "/Login/api/PartnerSystemUser/Authenticate"
    static let ticketClaim = "http://schemes.superoffice.net/identity/ticket"
    static let service = "SuperOffice's PartnerSystemUser service"

    let config: SystemUserConfig
    /// The application's client secret, sent as `ApplicationToken`.
    let appToken: String
    let signer: SystemUserTokenSigner
    let client: SuperOfficeServiceClient
    /// Present when `verify: true`.
    let verifier: SystemUserJWTVerifier?
    let ticketLifetime: TimeAmount
    let clock: @Sendable () -> Date

    func fetch(on eventLoop: any EventLoop) -> EventLoopFuture<ObtainedCredential> {
        let signed: String
        do {
            signed = try signer.signedToken(config.token, at: clock())
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let body = JSONBody.encode([
            "SignedSystemToken": signed, "ApplicationToken": appToken, "ContextIdentifier": config.context, "ReturnTokenType": "JWT",
        ])
        let secrets = [config.token, appToken, signed]
        return client.send(
            .POST, to: config.environment.baseURL, path: Self.path, headers: [("Content-Type", "application/json")], body: body,
            service: Self.service, on: eventLoop
        ).flatMapThrowing { response in
            try Self.token(from: response.status.code, body: JSONBody.object(response.body), hiding: secrets)
        }.flatMap { jwt in
            guard let verifier else { return eventLoop.makeSucceededFuture(jwt) }
            return verifier.verify(jwt, now: clock(), on: eventLoop).map { jwt }
        }.flatMapThrowing { jwt in
            guard let ticket = jwt.string(Self.ticketClaim), !ticket.isEmpty else {
                throw CredentialError("the system user token SuperOffice returned carries no ticket claim")
            }
            return ObtainedCredential(headers: [("Authorization", "SOTicket \(ticket)")], lifetime: .sliding(window: ticketLifetime))
        }
    }

    /// Reads `{"IsSuccessful", "Token", "ErrorMessage"}`; a refusal becomes an error carrying SuperOffice's message.
    static func token(from status: UInt, body: [String: Any]?, hiding secrets: [String]) throws -> JSONWebToken {
        let message = (body?["ErrorMessage"] as? String).map { UpstreamMessage.sanitize($0, hiding: secrets) }.flatMap { $0.isEmpty ? nil : $0 }
        guard (200..<300).contains(status) else {
            throw CredentialError("\(service) answered HTTP \(status)" + (message.map { ": \($0)" } ?? "."))
        }
        guard let body else {
            throw CredentialError("\(service) answered without a JSON body.")
        }
        guard body["IsSuccessful"] as? Bool == true else {
            throw CredentialError("SuperOffice refused the system user sign-in: \(message ?? "no reason given").")
        }
        guard let token = body["Token"] as? String, !token.isEmpty else {
            throw CredentialError("\(service) reported success but returned no token.")
        }
        return try JSONWebToken(compact: token)
    }
}
