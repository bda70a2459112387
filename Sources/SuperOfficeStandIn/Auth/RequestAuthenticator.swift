import Foundation
import NIOCore

/// Applies reference §1-2 / stand-in facts 3-4: an `Authorization` header (Basic in onsite mode, SOTicket with
/// SO-AppToken, Bearer; scheme case-insensitive) wins; without one, a session cookie plus a matching X-XSRF-TOKEN.
struct RequestAuthenticator: Sendable {
    var configuration: StandInConfiguration

    /// Cookie names recognised as the CRM web session; `.ASPXAUTH` is the one the stand-in issues.
    static let sessionCookieNames = [".ASPXAUTH", "SuperOffice.Session"]

    func authenticate(_ request: StandInRequest, credentials: inout CredentialStore, now: NIODeadline) -> AuthDecision {
        guard let authorization = request.header("Authorization") else {
            return authenticateSession(request, credentials: credentials)
        }
        let trimmed = authorization.trimmingCharacters(in: .whitespacesAndNewlines)
        let scheme = (trimmed.split(separator: " ", maxSplits: 1).first.map(String.init) ?? "").lowercased()
        let parameter = trimmed.split(separator: " ", maxSplits: 1).dropFirst().first.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        switch scheme {
        case "basic":
            guard configuration.allowBasic else { return .rejected("Basic authentication is not allowed for this tenant.") }
            guard let decoded = Data(base64Encoded: parameter).map({ String(decoding: $0, as: UTF8.self) }),
                  let colon = decoded.firstIndex(of: ":") else {
                return .rejected("The Basic credentials are malformed.")
            }
            let user = String(decoded[..<colon])
            let password = String(decoded[decoded.index(after: colon)...])
            guard let expected = configuration.basicUsers[user], expected == password else {
                return .rejected("The user name or password is incorrect.")
            }
            return .accepted(user: user, via: .basic)
        case "soticket":
            if configuration.requireAppTokenWithTicket {
                guard let appToken = request.header("SO-AppToken"), configuration.appTokens.contains(appToken) else {
                    return .rejected("A valid SO-AppToken is required with SOTicket.")
                }
            }
            guard let user = credentials.useTicket(parameter, now: now) else {
                return .rejected("The ticket is unknown or has expired.")
            }
            return .accepted(user: user, via: .ticket)
        case "bearer":
            guard let user = credentials.useBearer(parameter, now: now) else {
                return .rejected("The access token is unknown or has expired.")
            }
            return .accepted(user: user, via: .bearer)
        default:
            return .rejected("Unsupported authorization scheme.")
        }
    }

    private func authenticateSession(_ request: StandInRequest, credentials: CredentialStore) -> AuthDecision {
        for name in Self.sessionCookieNames {
            guard let cookie = request.cookie(name) else { continue }
            guard let session = credentials.session(cookie) else { return .rejected("The session is unknown or has ended.") }
            guard let header = request.header("X-XSRF-TOKEN"), header == session.xsrfToken else {
                return .rejected("The X-XSRF-TOKEN header is missing or does not match the session.")
            }
            return .accepted(user: session.user, via: .session(cookie: cookie))
        }
        return .rejected("Authorization has been denied for this request.")
    }
}
