/// What the read said about filling the missing entries (`SET NX PX` on the lock, in the same script).
enum SharedClaim: Sendable, Equatable {
    /// This replica fills; it releases with the token.
    case won(token: String)
    /// Another replica is filling; wait for its announcement.
    case held
    /// Nothing was claimed: every entry was there, or the read did not ask to claim.
    case notNeeded
}
