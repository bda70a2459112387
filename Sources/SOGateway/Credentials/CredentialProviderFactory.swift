import GatewayConfig
import NIOCore
import UpstreamTransport

/// Creates the provider for each credential mode.
public struct CredentialProviderFactory: Sendable {
    let transport: any UpstreamTransport
    let group: any EventLoopGroup

    public init(transport: any UpstreamTransport, group: any EventLoopGroup) {
        self.transport = transport
        self.group = group
    }

    public func makeProvider(for credentials: CredentialsConfig) throws -> any CredentialProvider {
        switch credentials {
        case .basic(let user, let password):
            return StaticCredentialProvider.basic(user: user, password: password)
        case .ticket(let ticket):
            return StaticCredentialProvider.ticket(ticket)
        case .bearer(let token):
            return StaticCredentialProvider.bearer(token)
        case .systemUser, .oauth, .session:
            throw CredentialError("credential mode \(credentials.kindName) is not available in this build")
        }
    }
}
