import NIOCore

/// A credential the renewal state machine holds, with what it needs to decide when to renew it.
struct HeldCredential: Sendable {
    /// How a held credential relates to the present moment.
    enum Phase: Equatable {
        /// Use it.
        case fresh
        /// Use it, and renew it in the background now.
        case renewSoon
        /// Do not use it: renew first.
        case lapsed
    }

    var credential: UpstreamCredential
    var lifetime: CredentialLifetime
    /// When it was obtained: a lifetime shorter than twice the margin renews at its half instead.
    var obtainedAt: NIODeadline
    /// The last time a request took this credential (sliding lifetimes restart here).
    var lastUsed: NIODeadline
    /// After a failed background renewal: no new background attempt before this moment.
    var renewNotBefore: NIODeadline?

    func phase(now: NIODeadline, margin: TimeAmount) -> Phase {
        switch lifetime {
        case .untilRejected:
            return .fresh
        case .sliding(let window):
            // Idle close to the whole window: SuperOffice may already have dropped the ticket.
            return now < lastUsed + window - Self.effectiveMargin(margin, lifetime: window) ? .fresh : .lapsed
        case .fixed(let length):
            let expiry = obtainedAt + length
            if now >= expiry { return .lapsed }
            if now < expiry - Self.effectiveMargin(margin, lifetime: length) { return .fresh }
            if let renewNotBefore, now < renewNotBefore { return .fresh }
            return .renewSoon
        }
    }

    /// The margin, but at most half the lifetime, so short-lived credentials are not renewed on every use.
    static func effectiveMargin(_ margin: TimeAmount, lifetime: TimeAmount) -> TimeAmount {
        min(margin, .nanoseconds(lifetime.nanoseconds / 2))
    }
}
