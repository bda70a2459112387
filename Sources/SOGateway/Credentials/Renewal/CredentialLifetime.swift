import NIOCore

/// How long an obtained upstream credential may be used, so renewal can start before SuperOffice rejects it.
enum CredentialLifetime: Sendable, Equatable {
    /// Valid for a fixed time from when it was obtained (OAuth access tokens: `expires_in`). Relative, so the
    /// renewer places it on its own clock.
    case fixed(TimeAmount)
    /// Valid while used at least once per `window` (SuperOffice tickets: 6 hours, reset by every use).
    case sliding(window: TimeAmount)
    /// Valid until upstream rejects it (cookie sessions).
    case untilRejected
}
