import GatewayConfig
import NIOCore
import NIOHTTP1

/// The tenant budget (`rate_limit.upstream`): limits the calls that really go to SuperOffice, shared by all
/// clients (and, with Redis, all replicas). A call over budget waits up to `max_wait`, then gets 503.
/// While the upstream circuit is open every call gets 503 with the time left; the task cache in front may
/// still answer with a stale copy.
///
/// Sits just before the forward stage, after the cache (hits never spend budget) and after credentials
/// (a 401 replay is a second upstream call and spends a second token).
public struct UpstreamBudgetStage: GatewayStage {
    let budget: UpstreamBudgetConfig?
    let store: any BucketStore
    let concurrency: ConcurrencyLimiter
    let circuit: UpstreamCircuit
    let metrics: GatewayMetrics?
    static let bucketKey = "upstream"

    public init(
        budget: UpstreamBudgetConfig?, store: any BucketStore, concurrency: ConcurrencyLimiter, circuit: UpstreamCircuit,
        metrics: GatewayMetrics?
    ) {
        self.budget = budget
        self.store = store
        self.concurrency = concurrency
        self.circuit = circuit
        self.metrics = metrics
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        let loop = request.eventLoop
        if let remaining = circuit.remaining() {
            metrics?.increment("so_gateway_upstream_budget_rejected_total", dimensions: [("reason", "circuit")])
            return loop.makeSucceededFuture(paused(remaining, request: request))
        }
        guard let budget else {
            return forward(request, next: next, holdsSlot: false)
        }
        return takeToken(budget, waitLeft: budget.maxWait, loop: loop).flatMap { outcome in
            switch outcome {
            case .denied(let retryAfter):
                metrics?.increment("so_gateway_upstream_budget_rejected_total", dimensions: [("reason", "rate")])
                return loop.makeSucceededFuture(overBudget(retryAfter, request: request))
            case .granted(let waitLeft):
                guard let maxConcurrent = budget.maxConcurrent else {
                    return forward(request, next: next, holdsSlot: false)
                }
                // First come, first served: a freed slot goes to the call that has waited longest.
                return concurrency.acquire(Self.bucketKey, limit: maxConcurrent, waitingUpTo: waitLeft, on: loop).flatMap { acquired in
                    guard acquired else {
                        metrics?.increment("so_gateway_upstream_budget_rejected_total", dimensions: [("reason", "concurrency")])
                        return loop.makeSucceededFuture(overBudget(.seconds(1), request: request))
                    }
                    return forward(request, next: next, holdsSlot: true)
                }
            }
        }
    }

    /// A token, with what is left of `max_wait` for the in-flight cap; or a refusal with its Retry-After.
    private enum TokenOutcome { case granted(waitLeft: TimeAmount), denied(TimeAmount) }

    /// Takes a token, sleeping for the bucket's refill while that fits in what is left of `max_wait`. The wait is
    /// counted down by what the bucket asked for, so no clock is read.
    private func takeToken(_ budget: UpstreamBudgetConfig, waitLeft: TimeAmount, loop: any EventLoop) -> EventLoopFuture<TokenOutcome> {
        store.take(key: Self.bucketKey, rate: budget.requestsPerSecond, burst: budget.burst, on: loop).flatMap { decision in
            if decision.allowed { return loop.makeSucceededFuture(.granted(waitLeft: waitLeft)) }
            guard decision.retryAfter <= waitLeft else { return loop.makeSucceededFuture(.denied(decision.retryAfter)) }
            return loop.scheduleTask(in: decision.retryAfter) {}.futureResult.flatMap {
                takeToken(budget, waitLeft: waitLeft - decision.retryAfter, loop: loop)
            }
        }
    }

    private func forward(_ request: GatewayRequest, next: StageChain.Next, holdsSlot: Bool) -> EventLoopFuture<GatewayResponse> {
        // The forward stage reports upstream back-off answers to the circuit itself.
        let answer = next(request)
        if holdsSlot {
            answer.whenComplete { _ in concurrency.release(Self.bucketKey) }
        }
        return answer
    }

    private func paused(_ remaining: TimeAmount, request: GatewayRequest) -> GatewayResponse {
        Problem.upstreamPaused(retryAfterSeconds: Self.wholeSeconds(remaining)).response(requestId: request.requestId)
    }

    private func overBudget(_ retryAfter: TimeAmount, request: GatewayRequest) -> GatewayResponse {
        Problem.upstreamBudget(retryAfterSeconds: Self.wholeSeconds(retryAfter)).response(requestId: request.requestId)
    }

    static func wholeSeconds(_ amount: TimeAmount) -> Int {
        max(1, Int((Double(amount.nanoseconds) / 1e9).rounded(.up)))
    }
}
