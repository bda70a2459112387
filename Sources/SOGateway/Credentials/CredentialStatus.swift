import Foundation

/// What an operator may see of one upstream identity's credential (the status page): its kind, when it was
/// obtained, until when it lasts, and how the last renewal went. Never the credential itself.
public struct CredentialStatus: Sendable, Equatable {
    /// `basic`, `ticket`, `bearer`, `system_user`, `oauth` or `session`.
    public var kind: String
    /// When the credential in use was obtained; nil for configured (static) ones and before the first sign-in.
    public var obtainedAt: Date?
    /// When it stops working: a fixed moment for OAuth access tokens; nil when it slides or lasts until rejected.
    public var expiresAt: Date?
    /// How it expires: `configured`, `fixed`, `sliding` (a ticket, valid while used) or `until_rejected`.
    public var expiry: String
    /// When the last renewal (sign-in, refresh) finished, and whether it worked (`ok`, `failed`).
    public var lastRenewalAt: Date?
    public var lastRenewalResult: String?
    /// Why the last renewal failed, in the words the log uses (never a secret).
    public var lastFailure: String?
    public var renewals = 0
    public var failures = 0

    public init(kind: String, expiry: String) {
        self.kind = kind
        self.expiry = expiry
    }
}
