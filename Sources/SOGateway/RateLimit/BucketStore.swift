import NIOCore

/// Where token buckets live: in this process, or in Redis so every replica shares them.
public protocol BucketStore: Sendable {
    /// Takes one token from the bucket `key` (created full on first use).
    func take(key: String, rate: Double, burst: Int, on eventLoop: any EventLoop) -> EventLoopFuture<BucketDecision>
    /// The decision without a future, for stores that can answer synchronously (in-process buckets); nil otherwise.
    func immediateDecision(key: String, rate: Double, burst: Int) -> BucketDecision?
}

extension BucketStore {
    public func immediateDecision(key: String, rate: Double, burst: Int) -> BucketDecision? { nil }
}
