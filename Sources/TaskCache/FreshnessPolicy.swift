import NIOCore

/// The cache's time rules (RFC 5861 style), so the freshness decision is one pure, tested function.
///
/// An answer's lifetime depends on what it holds: `ttl` when every task in it is finished (or it is empty),
/// `activeTTL` when some task may still move on at SuperOffice's side (superoffice-webapi.md §7a). Both stale
/// windows start when that lifetime ends.
public struct FreshnessPolicy: Sendable, Equatable {
    /// How long an answer holding only finished tasks is fresh.
    public var ttl: TimeAmount
    /// How long an answer holding a task that is not finished (or whose state cannot be read) is fresh; at most `ttl`.
    public var activeTTL: TimeAmount
    /// How long after the lifetime a stale answer is served while it is refreshed in the background.
    public var staleWhileRevalidate: TimeAmount
    /// How long after the lifetime a stale answer may stand in for a failed upstream call.
    public var staleIfError: TimeAmount

    /// Creates a policy; negative durations count as zero and `activeTTL` is capped at `ttl`.
    /// - Parameters:
    ///   - ttl: freshness lifetime of answers whose tasks are all finished.
    ///   - activeTTL: freshness lifetime of answers with a running task; nil = `ttl`.
    ///   - staleWhileRevalidate: window after the lifetime for serve-and-refresh.
    ///   - staleIfError: window after the lifetime for serving on upstream failure.
    public init(
        ttl: TimeAmount, activeTTL: TimeAmount? = nil, staleWhileRevalidate: TimeAmount = .zero, staleIfError: TimeAmount = .zero
    ) {
        self.ttl = max(ttl, .zero)
        self.activeTTL = min(max(activeTTL ?? ttl, .zero), self.ttl)
        self.staleWhileRevalidate = max(staleWhileRevalidate, .zero)
        self.staleIfError = max(staleIfError, .zero)
    }

    /// The lifetime of an answer.
    /// - Parameter hasActiveTask: whether the answer holds a task that may still change.
    public func lifetime(hasActiveTask: Bool) -> TimeAmount {
        hasActiveTask ? activeTTL : ttl
    }

    /// Decides what an answer of this age is good for, with the `ttl` lifetime.
    /// - Parameter age: time since the answer was stored.
    public func evaluate(age: TimeAmount) -> Freshness {
        evaluate(age: age, lifetime: ttl)
    }

    /// Decides what an answer of this age and lifetime is good for. A negative age (clock skew) counts as zero.
    /// `age < lifetime` is fresh; then `lifetime + staleWhileRevalidate` bounds serve-and-refresh, then
    /// `lifetime + staleIfError` bounds serve-on-error; anything older is expired.
    /// - Parameters:
    ///   - age: time since the answer was stored.
    ///   - lifetime: the answer's own freshness lifetime (`CachedAnswer.lifetime`).
    public func evaluate(age: TimeAmount, lifetime: TimeAmount) -> Freshness {
        let age = max(age, .zero)
        if age < lifetime {
            return .fresh(remaining: lifetime - age)
        }
        let staleFor = age - lifetime
        if staleFor < staleWhileRevalidate {
            return .staleWhileRevalidate
        }
        if staleFor < staleIfError {
            return .staleIfErrorOnly
        }
        return .expired
    }
}
