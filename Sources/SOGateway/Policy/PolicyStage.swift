import GatewayConfig
import NIOCore
import NIOHTTP1

/// Least privilege per partner, right after the client and the route are known: where it may call from
/// (`source_ips`), which routes it may call (`allow`) and how large its bodies may be (`max_body`).
///
/// It runs before rate limiting, so refused calls cost the partner no tokens, and it answers itself, so
/// nothing of a refused call goes upstream. Each refusal is counted in `so_gateway_policy_denied_total`.
public struct PolicyStage: GatewayStage {
    /// Peers whose `X-Forwarded-For` is believed.
    let trustedProxies: [CIDR]
    let metrics: GatewayMetrics?

    public init(trustedProxies: [CIDR], metrics: GatewayMetrics?) {
        self.trustedProxies = trustedProxies
        self.metrics = metrics
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        guard let authenticated = request.authenticated else {
            // Fail closed: no stage order can make this stage pass a request nobody authenticated.
            metrics?.increment("so_gateway_policy_denied_total", dimensions: [("client", "-"), ("reason", "unauthenticated")])
            return request.eventLoop.makeSucceededFuture(Problem.unauthorized().response(requestId: request.requestId))
        }
        let client = authenticated.principal
        let policy = client.policy
        if let ranges = policy.sourceIPs {
            let address = ClientAddress.effective(
                peer: request.peerAddress, headers: request.head.headers, trustedProxies: trustedProxies
            )
            guard let address, ranges.contains(where: { $0.contains(address) }) else {
                return deny(.sourceNotAllowed(client: client.name), reason: "source_ip", client: client, request: request)
            }
        }
        if let allow = policy.allow {
            // The routing stage ran first: the target is the `/api/...` part, tenant context removed.
            let target = request.route.apiTarget
            let path = target[..<(target.utf8.firstIndex(of: UInt8(ascii: "?")) ?? target.endIndex)]
            switch allow.decide(method: request.head.method.rawValue, path: path) {
            case .allowed:
                break
            case .notListed:
                return deny(
                    .routeNotAllowed(client: client.name, ruleSet: policy.ruleSetDescription), reason: "route", client: client,
                    request: request
                )
            case .encodedSeparator:
                return deny(.encodedSeparatorNotAllowed(), reason: "encoded_separator", client: client, request: request)
            }
        }
        if let body = request.body, body.readableBytes > policy.maxBody {
            return deny(.payloadTooLarge(limit: policy.maxBody), reason: "max_body", client: client, request: request)
        }
        return next(request)
    }

    private func deny(_ problem: Problem, reason: String, client: ClientPrincipal, request: GatewayRequest) -> EventLoopFuture<GatewayResponse> {
        metrics?.increment("so_gateway_policy_denied_total", dimensions: [("client", client.name), ("reason", reason)])
        return request.eventLoop.makeSucceededFuture(problem.response(requestId: request.requestId))
    }
}
