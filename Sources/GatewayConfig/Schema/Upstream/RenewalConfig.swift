import NIOCore

/// `upstream.renewal`: which upstream statuses mean a credential is no longer good, and the renewal timing.
///
/// SuperOffice documents 401 for an expired ticket or token, but its best-practices page says clients keep a
/// token "until an HTTP 403 error occurs"; 403 is opt-in because it also means "not allowed", and renewing on
/// every permission refusal would sign in again at partner request rate.
public struct RenewalConfig: Sendable, Equatable {
    /// Upstream statuses that make the gateway renew the credential and replay the request once; always has 401.
    public var onStatus: [Int]
    /// Renew this long before a credential lapses.
    public var margin: TimeAmount
    /// After a failed sign-in, requests fail fast for this long before the next attempt.
    public var failureBackoff: TimeAmount
    /// The sliding lifetime assumed for SuperOffice tickets.
    public var ticketLifetime: TimeAmount
    /// The timeout of one call to a login, token, key or tenant-state endpoint.
    public var requestTimeout: TimeAmount

    /// The statuses `on_status` may list.
    public static let allowedStatuses = [401, 403]

    /// Creates renewal settings with the documented defaults.
    public init(
        onStatus: [Int] = [401],
        margin: TimeAmount = .minutes(5),
        failureBackoff: TimeAmount = .seconds(2),
        ticketLifetime: TimeAmount = .hours(6),
        requestTimeout: TimeAmount = .seconds(10)
    ) {
        self.onStatus = onStatus
        self.margin = margin
        self.failureBackoff = failureBackoff
        self.ticketLifetime = ticketLifetime
        self.requestTimeout = requestTimeout
    }

    /// Whether the four durations equal `other`'s; the providers take them at start-up, so a reload that changes
    /// them needs a restart.
    public func sameTiming(as other: RenewalConfig) -> Bool {
        margin == other.margin && failureBackoff == other.failureBackoff && ticketLifetime == other.ticketLifetime
            && requestTimeout == other.requestTimeout
    }
}

extension RenewalConfig {
    /// Reads `{ on_status, margin, failure_backoff, ticket_lifetime, request_timeout }`.
    static func read(from block: MappingReader) -> RenewalConfig {
        let defaults = RenewalConfig()
        let onStatus = readStatuses(from: block) ?? defaults.onStatus
        let problemsBefore = block.context.problems.count
        let margin = block.duration("margin", default: defaults.margin, positive: true)
        let failureBackoff = block.duration("failure_backoff", default: defaults.failureBackoff, positive: true)
        let ticketLifetime = block.duration("ticket_lifetime", default: defaults.ticketLifetime, positive: true)
        let requestTimeout = block.duration("request_timeout", default: defaults.requestTimeout, positive: true)
        // Compared only when both durations were read cleanly, so a bad value is not reported twice.
        let durationsValid = block.context.problems.count == problemsBefore
        block.finish()
        if durationsValid, margin >= ticketLifetime {
            block.context.report(
                block.path("margin"), "must be shorter than ticket_lifetime (\(ConfigDuration.format(ticketLifetime)))"
            )
        }
        return RenewalConfig(
            onStatus: onStatus, margin: margin, failureBackoff: failureBackoff, ticketLifetime: ticketLifetime,
            requestTimeout: requestTimeout
        )
    }

    /// `on_status`: 401 and 403 only, each once, 401 always among them (it is SuperOffice's documented answer).
    private static func readStatuses(from block: MappingReader) -> [Int]? {
        guard let elements = block.list("on_status") else { return nil }
        let expectation = "expected one of " + allowedStatuses.map(String.init).joined(separator: ", ")
        var statuses: [Int] = []
        var complete = true
        for element in elements {
            guard let text = block.context.scalar(element.node, at: element.path, expecting: expectation) else {
                complete = false
                continue
            }
            guard let status = ConfigNumber.parseInteger(text), allowedStatuses.contains(status) else {
                block.context.report(element.path, expectation)
                complete = false
                continue
            }
            if statuses.contains(status) {
                block.context.report(element.path, "listed twice")
            } else {
                statuses.append(status)
            }
        }
        if complete, !statuses.contains(401) {
            block.context.report(block.path("on_status"), "must contain 401")
        }
        return statuses
    }
}
