import GatewayConfig
import NIOCore
import NIOHTTP1

/// Per-client token bucket (`clients[].rate_limit`) and in-flight cap (`max_concurrent`), so one noisy
/// partner cannot starve the others.
///
/// The chain holds two of these: one before the task cache, for clients whose cache hits count
/// (`count_cache_hits: true`, the default), and one after it, for clients whose hits do not.
public struct ClientRateLimitStage: GatewayStage {
    public enum Position: Sendable { case beforeCache, afterCache }

    let position: Position
    let store: any BucketStore
    let concurrency: ConcurrencyLimiter
    let metrics: GatewayMetrics?
    /// True for the after-cache stage in the chain when the task cache applies this limit to cached task calls
    /// itself (before a miss joins a fill), so those are not charged twice.
    private(set) var skipsCachedTasks = false

    public init(position: Position, store: any BucketStore, concurrency: ConcurrencyLimiter, metrics: GatewayMetrics?) {
        self.position = position
        self.store = store
        self.concurrency = concurrency
        self.metrics = metrics
    }

    /// This stage for the chain behind the task cache, which applies the limit to cached task calls itself.
    func exceptingCachedTasks() -> ClientRateLimitStage {
        var stage = self
        stage.skipsCachedTasks = true
        return stage
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        guard let authenticated = request.authenticated else {
            // Fail closed: a request nobody authenticated has no bucket to be held to, so it goes no further.
            metrics?.increment("so_gateway_rate_limited_total", dimensions: [("client", "-"), ("reason", "unauthenticated")])
            return request.eventLoop.makeSucceededFuture(Problem.unauthorized().response(requestId: request.requestId))
        }
        if skipsCachedTasks, case .task = request.route { return next(request) }
        let client = authenticated.principal
        guard let limit = client.config.rateLimit else { return next(request) }
        let applies = position == .beforeCache ? client.config.countCacheHits : !client.config.countCacheHits
        guard applies else { return next(request) }
        let key = client.rateLimitKey
        if let decision = store.immediateDecision(key: key, rate: limit.requestsPerSecond, burst: limit.burst) {
            // In-process buckets answer at once: no future on the hot path.
            return proceed(request, decision: decision, limit: limit, name: client.name, next: next)
        }
        return store.take(key: key, rate: limit.requestsPerSecond, burst: limit.burst, on: request.eventLoop)
            .flatMap { decision in proceed(request, decision: decision, limit: limit, name: client.name, next: next) }
    }

    private func proceed(
        _ request: GatewayRequest, decision: BucketDecision, limit: ClientRateLimitConfig, name: String, next: StageChain.Next
    ) -> EventLoopFuture<GatewayResponse> {
        guard decision.allowed else {
            metrics?.increment("so_gateway_rate_limited_total", dimensions: [("client", name), ("reason", "rate")])
            return request.eventLoop.makeSucceededFuture(Self.tooMany(decision, requestId: request.requestId, detail: nil))
        }
        if let maxConcurrent = limit.maxConcurrent, !concurrency.acquire(name, limit: maxConcurrent) {
            metrics?.increment("so_gateway_rate_limited_total", dimensions: [("client", name), ("reason", "concurrency")])
            var denied = decision
            denied.allowed = false
            denied.retryAfter = .seconds(1)
            return request.eventLoop.makeSucceededFuture(
                Self.tooMany(denied, requestId: request.requestId, detail: "More than \(maxConcurrent) requests of this client are in flight.")
            )
        }
        // The listener writes RateLimit-Policy / RateLimit from this on whatever answer comes back.
        request.facts.rateLimit = decision
        let answer = next(request)
        if limit.maxConcurrent != nil {
            answer.whenComplete { _ in concurrency.release(name) }
        }
        return answer
    }

    static func tooMany(_ decision: BucketDecision, requestId: String, detail: String?) -> GatewayResponse {
        var response = Problem.rateLimited(retryAfterSeconds: decision.retryAfterSeconds, detail: detail).response(requestId: requestId)
        RateLimitHeaders.apply(decision, policy: "client", to: &response.headers)
        return response
    }
}
