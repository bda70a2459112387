import NIOHTTP1

/// The problems the gateway answers with, in one place so titles stay consistent across stages.
extension Problem {
    public static func unauthorized() -> Problem {
        // One answer for missing, malformed and unknown keys: nothing tells a prober which it was.
        Problem(
            status: .unauthorized, slug: "unauthorized", title: "Unauthorized",
            detail: "Send a valid gateway key as X-API-Key or Authorization: Bearer.",
            headers: [("WWW-Authenticate", "Bearer realm=\"so-gateway\"")]
        )
    }

    public static func notFound(detail: String = "No such route. The gateway forwards /api/... and /{context}/api/...") -> Problem {
        Problem(status: .notFound, slug: "not-found", title: "Not Found", detail: detail)
    }

    public static func payloadTooLarge(limit: Int) -> Problem {
        Problem(
            status: .payloadTooLarge, slug: "payload-too-large", title: "Payload Too Large",
            detail: "The request body exceeds the gateway's limit of \(limit) bytes.",
            extensions: [("max_body", .int(limit))]
        )
    }

    public static func headersTooLarge() -> Problem {
        Problem(
            status: .requestHeaderFieldsTooLarge, slug: "header-fields-too-large",
            title: "Request Header Fields Too Large",
            detail: "The request headers exceed the gateway's size or count limit."
        )
    }

    public static func uriTooLong(limit: Int) -> Problem {
        Problem(
            status: .uriTooLong, slug: "uri-too-long", title: "URI Too Long",
            detail: "The request target exceeds \(limit) bytes."
        )
    }

    public static func badRequest(detail: String) -> Problem {
        Problem(status: .badRequest, slug: "bad-request", title: "Bad Request", detail: detail)
    }

    public static func badGateway(detail: String) -> Problem {
        Problem(status: .badGateway, slug: "upstream-unavailable", title: "Bad Gateway", detail: detail)
    }

    public static func gatewayTimeout(detail: String) -> Problem {
        Problem(status: .gatewayTimeout, slug: "upstream-timeout", title: "Gateway Timeout", detail: detail)
    }

    public static func serviceUnavailable(detail: String, retryAfterSeconds: Int?) -> Problem {
        Problem(
            status: .serviceUnavailable, slug: "service-unavailable", title: "Service Unavailable",
            detail: detail,
            headers: retryAfterSeconds.map { [("Retry-After", String($0))] } ?? []
        )
    }

    public static func internalError(detail: String) -> Problem {
        Problem(status: .internalServerError, slug: "internal-error", title: "Internal Server Error", detail: detail)
    }

    /// The gateway could not write the upstream request as valid HTTP/1.1, so nothing was sent: the gateway's
    /// own failure (a configured value or a rewritten header it cannot send), never the partner's or SuperOffice's.
    public static func requestNotForwardable() -> Problem {
        Problem(
            status: .internalServerError, slug: "request-not-forwardable", title: "Internal Server Error",
            detail: "The gateway could not write this request for SuperOffice, so it was not sent."
        )
    }

    /// An admin purge while no admin key is configured (it would be open to anyone on the admin listener).
    static func purgeDisabled() -> Problem {
        Problem(
            status: .forbidden, slug: "purge-disabled", title: "Forbidden",
            detail: "Cache purge needs admin.api_keys_sha256 in gateway.yml."
        )
    }

    /// `Expect` other than `100-continue`.
    static func expectationFailed() -> Problem {
        Problem(status: .expectationFailed, slug: "expectation-failed", title: "Expectation Failed")
    }

    /// The client's own rate limit is spent.
    static func rateLimited(retryAfterSeconds: Int, detail: String?) -> Problem {
        Problem(
            status: .tooManyRequests, slug: "rate-limited", title: "Too Many Requests",
            detail: detail ?? "This client's rate limit is exhausted; retry after the number of seconds in Retry-After.",
            headers: [("Retry-After", String(retryAfterSeconds))]
        )
    }

    /// SuperOffice asked the gateway to back off (the upstream circuit is open).
    static func upstreamPaused(retryAfterSeconds: Int) -> Problem {
        Problem(
            status: .serviceUnavailable, slug: "upstream-paused", title: "Service Unavailable",
            detail: "SuperOffice asked the gateway to back off; calls resume after Retry-After seconds.",
            headers: [("Retry-After", String(retryAfterSeconds))]
        )
    }

    /// The tenant's upstream budget (`rate_limit.upstream`) is spent.
    static func upstreamBudget(retryAfterSeconds: Int) -> Problem {
        Problem(
            status: .serviceUnavailable, slug: "upstream-budget", title: "Service Unavailable",
            detail: "The tenant's upstream budget is exhausted; retry after Retry-After seconds.",
            headers: [("Retry-After", String(retryAfterSeconds))]
        )
    }

    /// A credential that could not be obtained is the gateway's failure toward SuperOffice: 502.
    static func upstreamCredentials(detail: String) -> Problem {
        Problem(status: .badGateway, slug: "upstream-credentials", title: "Bad Gateway", detail: detail)
    }

    /// The tenant's numbered host could not be determined (`upstream.tenant`).
    static func upstreamTenant(detail: String) -> Problem {
        Problem(status: .badGateway, slug: "upstream-tenant", title: "Bad Gateway", detail: detail)
    }

    /// A task-route body the cache cannot read.
    static func invalidTaskRequest(detail: String) -> Problem {
        Problem(status: .badRequest, slug: "invalid-task-request", title: "Bad Request", detail: detail)
    }

    /// A task-route body with a content coding: never inflated (a gzip bomb stays a few bytes).
    static func unsupportedContentEncoding() -> Problem {
        Problem(
            status: .unsupportedMediaType, slug: "unsupported-content-encoding", title: "Unsupported Media Type",
            detail: "Send the task request body without a Content-Encoding.",
            headers: [("Accept-Encoding", "identity")]
        )
    }


    /// The policy stage: 403 naming only that client's own rules.
    /// The route is outside the client's `allow` list.
    static func routeNotAllowed(client: String, ruleSet: String) -> Problem {
        Problem(
            status: .forbidden, slug: "route-not-allowed", title: "Forbidden",
            detail: "Client \(client) may call only: \(ruleSet).",
            extensions: [("client", .string(client)), ("allow", .string(ruleSet))]
        )
    }

    /// The path hides a separator (`%2F`, `%5C`, `\`) that could escape an allow pattern.
    static func encodedSeparatorNotAllowed() -> Problem {
        Problem(
            status: .forbidden, slug: "route-not-allowed", title: "Forbidden",
            detail: "Percent-encoded slashes (%2F, %5C) and backslashes in the path are refused for clients with an allow list."
        )
    }

    /// The call comes from an address outside the client's `source_ips`.
    static func sourceNotAllowed(client: String) -> Problem {
        Problem(
            status: .forbidden, slug: "source-not-allowed", title: "Forbidden",
            detail: "Client \(client) may not call from this network address."
        )
    }
}
