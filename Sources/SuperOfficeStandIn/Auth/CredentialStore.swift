import NIOCore

/// Every ticket, access token and session the stand-in currently honours, with lifetimes: tickets slide
/// (each use resets the window, reference §1.4), access tokens expire a fixed time after issue.
struct CredentialStore: Sendable {
    /// One live credential.
    struct Entry: Sendable {
        var user: String
        var expiresAt: NIODeadline
    }

    private(set) var tickets: [String: Entry] = [:]
    private(set) var bearerTokens: [String: Entry] = [:]
    private(set) var sessions: [String: StandInSession] = [:]
    private let ticketLifetime: TimeAmount
    private let accessTokenLifetime: TimeAmount

    init(configuration: StandInConfiguration, now: NIODeadline) {
        ticketLifetime = TimeAmount(configuration.ticketLifetime)
        accessTokenLifetime = TimeAmount(configuration.accessTokenLifetime)
        for (ticket, user) in configuration.tickets {
            tickets[ticket] = Entry(user: user, expiresAt: now + ticketLifetime)
        }
        for (token, user) in configuration.bearerTokens {
            bearerTokens[token] = Entry(user: user, expiresAt: now + accessTokenLifetime)
        }
        sessions = configuration.sessions
    }

    /// The ticket's user, sliding its expiry; nil when unknown or expired.
    mutating func useTicket(_ ticket: String, now: NIODeadline) -> String? {
        guard var entry = tickets[ticket] else { return nil }
        guard entry.expiresAt > now else {
            tickets[ticket] = nil
            return nil
        }
        entry.expiresAt = now + ticketLifetime
        tickets[ticket] = entry
        return entry.user
    }

    /// The access token's user; nil when unknown or expired.
    mutating func useBearer(_ token: String, now: NIODeadline) -> String? {
        guard let entry = bearerTokens[token] else { return nil }
        guard entry.expiresAt > now else {
            bearerTokens[token] = nil
            return nil
        }
        return entry.user
    }

    func session(_ cookie: String) -> StandInSession? {
        sessions[cookie]
    }

    mutating func issueTicket(_ ticket: String, user: String, now: NIODeadline) {
        tickets[ticket] = Entry(user: user, expiresAt: now + ticketLifetime)
    }

    mutating func issueBearer(_ token: String, user: String, now: NIODeadline) {
        bearerTokens[token] = Entry(user: user, expiresAt: now + accessTokenLifetime)
    }

    mutating func saveSession(_ session: StandInSession, cookie: String) {
        sessions[cookie] = session
    }

    /// Gives the session a fresh XSRF token (the old one stops matching) and returns it.
    mutating func rotateXSRF(cookie: String) -> String? {
        guard var session = sessions[cookie] else { return nil }
        session.xsrfToken = RandomToken.hex(bytes: 16)
        sessions[cookie] = session
        return session.xsrfToken
    }

    /// Forgets every credential issued or configured so far; they answer 401 from now on.
    mutating func expireAll() {
        tickets.removeAll()
        bearerTokens.removeAll()
        sessions.removeAll()
    }
}
