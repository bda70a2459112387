import GatewayConfig
import NIOCore
import NIOHTTP1
import UpstreamTransport

/// Calls SuperOffice's login, token, key and tenant-state endpoints over the gateway's transport, turning
/// transport failures into `CredentialError`s that name the service and never a request's content.
struct SuperOfficeServiceClient: Sendable {
    let transport: any UpstreamTransport
    let timeout: TimeAmount

    /// Sends one request to `url` (whose base path is kept) plus `path`.
    ///
    /// - Parameters:
    ///   - service: how the endpoint is named in errors, e.g. `SuperOffice's token endpoint`.
    func send(
        _ method: HTTPMethod, to url: UpstreamURL, path: String = "", headers: [(String, String)] = [],
        body: ByteBuffer? = nil, service: String, on eventLoop: any EventLoop
    ) -> EventLoopFuture<UpstreamResponse> {
        var all = HTTPHeaders(headers)
        if !all.contains(name: "Accept") {
            all.add(name: "Accept", value: "application/json")
        }
        let request = UpstreamRequest(method: method, target: url.basePath + path, headers: all, body: body, timeout: timeout)
        return transport.execute(request, to: url.endpoint, on: eventLoop).flatMapErrorThrowing { error in
            throw CredentialError("\(service) \(Self.reason(error)).")
        }
    }

    /// A short, secret-free account of a transport failure.
    static func reason(_ error: any Error) -> String {
        switch error as? UpstreamError {
        case .timeout?, .connectTimeout?: return "did not answer in time"
        case .responseTooLarge?: return "sent an answer larger than the gateway accepts"
        case .invalidResponse?: return "sent an answer that is not valid HTTP"
        case .requestNotSerializable?: return "could not be sent a valid request by the gateway"
        case .tlsFailure?: return "could not be reached over TLS"
        case .shutdown?: return "is not reachable while the gateway shuts down"
        case .connectFailed?, .connectionClosed?, nil: return "could not be reached"
        }
    }
}

extension UpstreamURL {
    /// The transport endpoint (scheme, host, port) of this URL.
    var endpoint: UpstreamEndpoint {
        UpstreamEndpoint(scheme: isTLS ? .https : .http, host: host, port: port)
    }
}
