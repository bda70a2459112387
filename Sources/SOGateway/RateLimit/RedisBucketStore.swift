import GatewayConfig
import NIOCore
import RESPClient

/// Token buckets in Redis, so all gateway replicas draw from one budget per client and one tenant budget.
///
/// Each `take` is one `EVALSHA` of `TokenBucketScript`, bounded by `rate_limit.store_timeout`; a failure
/// (timeout, connection, server error) fails the future, and `FailoverBucketStore` decides what then.
public final class RedisBucketStore: BucketStore {
    /// Prefixes every bucket key, so the gateway's keys are easy to find and never clash with others.
    public static let keyPrefix = "so-gateway:rl:"

    /// The connection(s) to Redis.
    public let client: RESPClient
    /// The longest one `take` may wait for Redis.
    public let timeout: TimeAmount

    /// Uses an existing client; `timeout` is `rate_limit.store_timeout`.
    public init(client: RESPClient, timeout: TimeAmount) {
        self.client = client
        self.timeout = timeout
    }

    /// Connects (lazily, one connection per event loop of `group`) to `url`.
    public convenience init(url: RedisURL, timeout: TimeAmount, group: any EventLoopGroup) {
        self.init(client: RESPClient(configuration: Self.clientConfiguration(url: url, timeout: timeout), group: group), timeout: timeout)
    }

    /// The client settings for a `rate_limit.store` URL: commands bounded by the store timeout.
    public static func clientConfiguration(url: RedisURL, timeout: TimeAmount) -> RESPClientConfiguration {
        RESPClientConfiguration(
            host: url.host, port: url.port, password: url.password, database: url.db,
            connectTimeout: .seconds(1), defaultCommandTimeout: timeout
        )
    }

    public func take(key: String, rate: Double, burst: Int, on eventLoop: any EventLoop) -> EventLoopFuture<BucketDecision> {
        client.evalScript(
            TokenBucketScript.script, keys: [Self.keyPrefix + key], args: ["\(rate)", String(burst), "1"],
            timeout: timeout, on: eventLoop
        ).flatMapThrowing { reply in
            try Self.decision(from: reply, rate: rate, burst: burst)
        }
    }

    /// `PING` within the store timeout, for readiness checks.
    public func ping(on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        client.ping(timeout: timeout, on: eventLoop)
    }

    /// Closes the Redis connections.
    public func shutdown() async {
        await client.shutdown()
    }

    /// Maps the script's `{allowed, remaining, retry-after µs}` to a decision with the policy's limit and window.
    static func decision(from reply: RESPValue, rate: Double, burst: Int) throws -> BucketDecision {
        guard let fields = reply.array, fields.count == 3,
              let allowed = fields[0].integer,
              let remainingText = fields[1].string, let remaining = Double(remainingText),
              let retryMicroseconds = fields[2].integer
        else { throw RESPError.protocolError("unexpected token bucket reply") }
        let limit = Double(burst)
        return BucketDecision(
            allowed: allowed == 1,
            remaining: remaining,
            retryAfter: allowed == 1 ? .zero : .microseconds(retryMicroseconds),
            limit: limit,
            window: .nanoseconds(Int64((limit / rate * 1e9).rounded(.up)))
        )
    }
}
