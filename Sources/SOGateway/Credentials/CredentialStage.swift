import NIOCore
import NIOHTTP1

/// Adds the upstream identity's credential to the call, and when upstream answers a status of
/// `upstream.renewal.on_status` (401, optionally 403) renews the credential once (shared by every request that
/// saw it) and replays this request once.
public struct CredentialStage: GatewayStage {
    /// Statuses that mean "the credential is no longer good"; any other answer reaches the partner as it is.
    let renewOn: [UInt]

    /// - Parameter renewOn: the upstream statuses that trigger a renewal and one replay (`upstream.renewal.on_status`).
    public init(renewOn: [Int] = [401]) {
        self.renewOn = renewOn.compactMap { UInt(exactly: $0) }
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        guard let identity = request.client?.identity else {
            return request.eventLoop.makeSucceededFuture(
                Problem.internalError(detail: "no upstream identity for this client").response(requestId: request.requestId)
            )
        }
        let provider = identity.provider
        if let credential = provider.currentCredential() {
            return send(request, with: credential, provider: provider, next: next, mayReplay: true)
        }
        let eventLoop = request.eventLoop
        return provider.obtain(on: eventLoop).flatMap { credential in
            send(request, with: credential, provider: provider, next: next, mayReplay: true)
        }.flatMapErrorThrowing { error in
            Self.credentialFailure(error, requestId: request.requestId)
        }
    }

    private func send(
        _ request: GatewayRequest, with credential: UpstreamCredential, provider: any CredentialProvider,
        next: StageChain.Next, mayReplay: Bool
    ) -> EventLoopFuture<GatewayResponse> {
        var outgoing = request
        for (name, value) in credential.headers {
            outgoing.upstreamHeaders.replaceOrAdd(name: name, value: value)
        }
        let answer = next(outgoing)
        guard provider.watchesResponses else { return answer }
        return answer.flatMap { response in
            provider.absorb(setCookies: response.annotations.upstreamSetCookies)
            guard mayReplay, response.annotations.wentUpstream, renewOn.contains(response.status.code),
                let renewal = provider.renew(after: credential, on: request.eventLoop)
            else {
                return request.eventLoop.makeSucceededFuture(response)
            }
            return renewal.flatMap { renewed in
                send(request, with: renewed, provider: provider, next: next, mayReplay: false)
            }.flatMapErrorThrowing { error in
                Self.credentialFailure(error, requestId: request.requestId)
            }
        }
    }

    /// A credential that could not be obtained is the gateway's failure toward SuperOffice: 502.
    static func credentialFailure(_ error: any Error, requestId: String) -> GatewayResponse {
        let detail = (error as? CredentialError)?.partnerMessage ?? "The gateway could not obtain SuperOffice credentials."
        return Problem.upstreamCredentials(detail: detail).response(requestId: requestId)
    }
}

/// Why a credential could not be obtained, in words safe to show a partner (never a secret).
public struct CredentialError: Error, Sendable, CustomStringConvertible {
    public var partnerMessage: String
    public init(_ partnerMessage: String) { self.partnerMessage = partnerMessage }
    public var description: String { partnerMessage }
}
