/// The optional 429 mode ([I] reference §5 and stand-in fact 13): nothing is documented, so it is off by default.
public struct StandInThrottle: Sendable, Equatable {
    /// Requests allowed per window for one app + tenant (keyed by `SO-AppToken`, or by the credential's user).
    public var limit: Int
    /// The fixed window length.
    public var window: Duration
    /// The `Retry-After` value (seconds) sent with each 429.
    public var retryAfterSeconds: Int

    public init(limit: Int = 10, window: Duration = .seconds(1), retryAfterSeconds: Int = 1) {
        self.limit = limit
        self.window = window
        self.retryAfterSeconds = retryAfterSeconds
    }
}
