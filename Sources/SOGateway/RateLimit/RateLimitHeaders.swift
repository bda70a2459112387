import NIOCore
import NIOHTTP1

/// The IETF httpapi rate-limit fields (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy` describes
/// the quota, `RateLimit` the remaining part of it, on every answer within or over the limit.
enum RateLimitHeaders {
    static func apply(_ decision: BucketDecision, policy name: String, to headers: inout HTTPHeaders) {
        let window = max(1, Int((Double(decision.window.nanoseconds) / 1e9).rounded(.up)))
        headers.replaceOrAdd(name: "RateLimit-Policy", value: "\"\(name)\";q=\(Int(decision.limit));w=\(window)")
        let remaining = max(0, Int(decision.remaining.rounded(.down)))
        let reset = decision.allowed ? 0 : decision.retryAfterSeconds
        headers.replaceOrAdd(name: "RateLimit", value: "\"\(name)\";r=\(remaining);t=\(reset)")
    }
}
