import NIOCore

/// How long an obtained upstream credential may be used, so renewal can start before SuperOffice rejects it.
enum CredentialLifetime: Sendable, Equatable {
    /// Valid until a fixed moment (OAuth access tokens: `expires_in` after they were issued).
    case until(NIODeadline)
    /// Valid while used at least once per `window` (SuperOffice tickets: 6 hours, reset by every use).
    case sliding(window: TimeAmount)
    /// Valid until upstream rejects it (cookie sessions).
    case untilRejected
}
