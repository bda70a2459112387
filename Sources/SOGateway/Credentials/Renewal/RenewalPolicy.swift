import NIOCore

/// When credentials are renewed ahead of time and how failures are retried; one value for every provider so
/// operators and tests can tune renewal in one place.
public struct RenewalPolicy: Sendable, Equatable {
    /// Renew this long before a credential lapses (before `expires_in` runs out; before a sliding ticket has
    /// been idle for its whole window).
    public var margin: TimeAmount
    /// After a failed attempt, requests fail fast with the same error for this long before a new attempt starts,
    /// so a broken login is not hammered at partner request rate.
    public var failureBackoff: TimeAmount
    /// The sliding lifetime assumed for SuperOffice tickets (6 hours per SuperOffice's documentation).
    public var ticketLifetime: TimeAmount
    /// The whole-exchange timeout of one call to a login, token, key or tenant-state endpoint.
    public var requestTimeout: TimeAmount

    /// Creates a policy; the defaults suit SuperOffice Online.
    public init(
        margin: TimeAmount = .minutes(5),
        failureBackoff: TimeAmount = .seconds(2),
        ticketLifetime: TimeAmount = .hours(6),
        requestTimeout: TimeAmount = .seconds(10)
    ) {
        self.margin = margin
        self.failureBackoff = failureBackoff
        self.ticketLifetime = ticketLifetime
        self.requestTimeout = requestTimeout
    }
}
