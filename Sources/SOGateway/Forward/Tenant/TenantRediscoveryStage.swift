import NIOCore
import NIOHTTP1

/// Right before forwarding: makes sure the tenant's host is known (resolving it on first use), and when upstream
/// answers 421 Misdirected Request (the tenant moved to another numbered host) resolves again, once for all
/// requests that saw it, and replays this request once.
public struct TenantRediscoveryStage: GatewayStage {
    let locator: TenantLocator

    public init(locator: TenantLocator) {
        self.locator = locator
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        if let base = locator.currentBase() {
            return forward(request, expecting: base, next: next)
        }
        return locator.resolve(on: request.eventLoop).flatMap { base in
            forward(request, expecting: base, next: next)
        }.flatMapErrorThrowing { error in
            Self.problem(error).response(requestId: request.requestId)
        }
    }

    private func forward(_ request: GatewayRequest, expecting base: UpstreamBase, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        next(request).flatMap { response in
            guard response.status == .misdirectedRequest, response.annotations.wentUpstream else {
                return request.eventLoop.makeSucceededFuture(response)
            }
            return locator.rediscover(after: base, on: request.eventLoop).flatMap { moved in
                guard moved != base else {
                    return request.eventLoop.makeSucceededFuture(
                        Self.problem(
                            TenantLookupError("SuperOffice answered 421 Misdirected Request, but its tenant state still names the same host.")
                        ).response(requestId: request.requestId)
                    )
                }
                // A 421 means the request was not processed, so sending it again is safe even for POST.
                return next(request)
            }.flatMapErrorThrowing { error in
                Self.problem(error).response(requestId: request.requestId)
            }
        }
    }

    static func problem(_ error: any Error) -> Problem {
        .upstreamTenant(detail: (error as? TenantLookupError)?.partnerMessage ?? "The SuperOffice tenant's address could not be determined.")
    }
}
