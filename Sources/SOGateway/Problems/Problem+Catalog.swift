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
}
