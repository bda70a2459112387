import GatewayConfig
import NIOCore
import NIOHTTP1

/// Least privilege per partner, right after the client is known: where it may call from (`source_ips`),
/// which routes it may call (`allow`) and how large its bodies may be (`max_body`).
///
/// It runs before rate limiting, so refused calls cost the partner no tokens, and it answers itself, so
/// nothing of a refused call goes upstream. Each refusal is counted in `so_gateway_policy_denied_total`.
public struct PolicyStage: GatewayStage {
    /// Peers whose `X-Forwarded-For` is believed.
    let trustedProxies: [CIDR]
    /// Finds the `/api/...` path after a tenant context, exactly as the routing stage later will.
    let routing: RoutingStage
    let metrics: GatewayMetrics?

    /// - Parameter context: the tenant context the `/{context}/api/...` form names (as for `RoutingStage`).
    public init(trustedProxies: [CIDR], context: String?, metrics: GatewayMetrics?) {
        self.trustedProxies = trustedProxies
        self.routing = RoutingStage(context: context, cachedEndpoints: [])
        self.metrics = metrics
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        guard let client = request.client else { return next(request) }
        let policy = client.policy
        if let ranges = policy.sourceIPs {
            let address = ClientAddress.effective(
                peer: request.remoteAddress, headers: request.head.headers, trustedProxies: trustedProxies
            )
            guard let address, ranges.contains(where: { $0.contains(address) }) else {
                return deny(.sourceNotAllowed(client: client.name), reason: "source_ip", client: client, request: request)
            }
        }
        if let allow = policy.allow, case .success(let route) = routing.route(uri: request.head.uri, method: request.head.method) {
            // Unroutable targets pass on: the routing stage answers them (400 for dot segments, 404 otherwise).
            let target = route.apiTarget
            let path = target[..<(target.firstIndex(of: "?") ?? target.endIndex)]
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
