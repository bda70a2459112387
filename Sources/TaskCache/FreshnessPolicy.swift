import NIOCore

/// The cache's time rules (RFC 5861 style), so the freshness decision is one pure, tested function.
/// Both stale windows start when the answer stops being fresh.
public struct FreshnessPolicy: Sendable, Equatable {
    /// How long an answer is fresh.
    public var ttl: TimeAmount
    /// How long after `ttl` a stale answer is served while it is refreshed in the background.
    public var staleWhileRevalidate: TimeAmount
    /// How long after `ttl` a stale answer may stand in for a failed upstream call.
    public var staleIfError: TimeAmount

    /// Creates a policy; negative durations count as zero.
    /// - Parameters:
    ///   - ttl: freshness lifetime.
    ///   - staleWhileRevalidate: window after `ttl` for serve-and-refresh.
    ///   - staleIfError: window after `ttl` for serving on upstream failure.
    public init(ttl: TimeAmount, staleWhileRevalidate: TimeAmount = .zero, staleIfError: TimeAmount = .zero) {
        self.ttl = max(ttl, .zero)
        self.staleWhileRevalidate = max(staleWhileRevalidate, .zero)
        self.staleIfError = max(staleIfError, .zero)
    }

    /// Decides what an answer of this age is good for. A negative age (clock skew) counts as zero.
    /// `age < ttl` is fresh; then `ttl + staleWhileRevalidate` bounds serve-and-refresh, then
    /// `ttl + staleIfError` bounds serve-on-error; anything older is expired.
    /// - Parameter age: time since the answer was stored.
    public func evaluate(age: TimeAmount) -> Freshness {
        let age = max(age, .zero)
        if age < ttl {
            return .fresh(remaining: ttl - age)
        }
        let staleFor = age - ttl
        if staleFor < staleWhileRevalidate {
            return .staleWhileRevalidate
        }
        if staleFor < staleIfError {
            return .staleIfErrorOnly
        }
        return .expired
    }
}
