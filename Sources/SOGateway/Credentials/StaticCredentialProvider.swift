import Foundation
import NIOCore

/// Basic, SOTicket and Bearer credentials from configuration: fixed headers, nothing to renew.
public struct StaticCredentialProvider: CredentialProvider {
    let credential: UpstreamCredential

    public init(authorization: String) {
        self.credential = UpstreamCredential(headers: [("Authorization", authorization)], generation: 0)
    }

    public static func basic(user: String, password: String) -> StaticCredentialProvider {
        let token = Data("\(user):\(password)".utf8).base64EncodedString()
        return StaticCredentialProvider(authorization: "Basic \(token)")
    }

    public static func ticket(_ ticket: String) -> StaticCredentialProvider {
        StaticCredentialProvider(authorization: "SOTicket \(ticket)")
    }

    public static func bearer(_ token: String) -> StaticCredentialProvider {
        StaticCredentialProvider(authorization: "Bearer \(token)")
    }

    public func currentCredential() -> UpstreamCredential? { credential }

    public func obtain(on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential> {
        eventLoop.makeSucceededFuture(credential)
    }

    public func renew(after failed: UpstreamCredential, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamCredential>? {
        nil
    }

    public var isReady: Bool { true }

    public var watchesResponses: Bool { false }
}
