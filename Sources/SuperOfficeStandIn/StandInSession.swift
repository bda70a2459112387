/// A logged-in CRM web session the stand-in recognises by cookie, so the gateway's session+XSRF mode can be tested.
public struct StandInSession: Sendable, Equatable {
    /// The user the session belongs to.
    public var user: String
    /// The value the request's `X-XSRF-TOKEN` header must equal.
    public var xsrfToken: String

    public init(user: String, xsrfToken: String) {
        self.user = user
        self.xsrfToken = xsrfToken
    }
}
