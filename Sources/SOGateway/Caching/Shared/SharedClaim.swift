/// The answer to "may this replica fill these entries?" (`SET NX PX` on the lock).
enum SharedClaim: Sendable {
    /// This replica fills; it releases with the token.
    case won(token: String)
    /// Another replica is filling; wait for its announcement.
    case held
    /// Redis did not answer: fill without the shared tier.
    case unavailable
}
