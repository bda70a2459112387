import NIOCore
import NIOHTTP1

/// One upstream identity's credential lifecycle: static credentials never change; tickets, tokens and
/// sessions are obtained, kept and renewed by their providers.
public protocol CredentialProvider: Sendable {
    /// The credential to use now, without I/O; nil when one must be obtained first.
    func currentCredential() -> UpstreamCredential?
    /// Obtains a credential (single flight: concurrent callers share one attempt).
    func obtain(on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential>
    /// Called when upstream rejected `failed` (a status of `upstream.renewal.on_status`): renews once however many
    /// requests saw the rejection, or returns nil when this kind of credential cannot be renewed.
    func renew(after failed: UpstreamCredential, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential>?
    /// Lets cookie sessions take in `Set-Cookie` updates from an upstream answer.
    func absorb(setCookies: [String])
    /// For `/readyz`: whether a credential is held or can be obtained.
    var isReady: Bool { get }
    /// Whether the provider needs to see upstream answers (renewal on rejection, Set-Cookie); static ones do not,
    /// which saves a future per request.
    var watchesResponses: Bool { get }
    /// For the status page: when the credential was obtained, until when, how the last renewal went; nil for
    /// configured credentials that are never renewed.
    var status: CredentialStatus? { get }
}

extension CredentialProvider {
    public var watchesResponses: Bool { true }

    public var status: CredentialStatus? { nil }

    public func absorb(setCookies: [String]) {}
}
