import NIOCore
import NIOHTTP1

/// The answer a stage chain produces, plus the facts the access log and metrics need.
public struct GatewayResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: ByteBuffer?
    /// What the response stages learned on the way back (cache status, upstream time).
    public var annotations: ResponseAnnotations

    public init(status: HTTPResponseStatus, headers: HTTPHeaders = HTTPHeaders(), body: ByteBuffer? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.annotations = ResponseAnnotations()
    }
}

/// Facts about how an answer was produced, for logs and metrics; never sent to the partner.
public struct ResponseAnnotations: Sendable {
    /// The `Cache-Status` value when the task cache was involved.
    public var cacheStatus: String?
    /// Time spent waiting for upstream, when the request went upstream.
    public var upstreamDuration: TimeAmount?
    /// A short machine-readable reason for gateway-generated errors (e.g. `unauthorized`).
    public var problemType: String?
    /// True when this answer came from SuperOffice (not from the gateway or its cache).
    public var wentUpstream: Bool = false
    /// True when upstream said 200 but the task cache could not use the body (not an array, malformed, or a
    /// corrupt encoding): an upstream failure as far as `cache.stale_if_error` is concerned.
    public var upstreamAnswerUnusable: Bool = false
    /// `Set-Cookie` values upstream sent; removed from the partner's answer, offered to cookie sessions.
    public var upstreamSetCookies: [String] = []

    public init() {}
}
