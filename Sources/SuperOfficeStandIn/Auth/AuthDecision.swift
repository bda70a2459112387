/// The outcome of checking a request's credentials.
enum AuthDecision: Sendable, Equatable {
    /// Accepted as this user; `via` names the mechanism (for sessions the cookie, to rotate XSRF tokens).
    case accepted(user: String, via: AuthMechanism)
    /// Refused; the message is safe to send (it never repeats the credential).
    case rejected(String)
}

/// Which credential carried the identity.
enum AuthMechanism: Sendable, Equatable {
    case basic
    case ticket
    case bearer
    case session(cookie: String)
}
