import NIOCore
import NIOHTTP1

/// One call toward the upstream, complete with body, so the transport never streams a request.
public struct UpstreamRequest: Sendable {
    /// The HTTP method; HEAD responses are read without a body.
    public var method: HTTPMethod
    /// Origin-form request target, e.g. `/Cust12345/api/v1/Contact/5?$select=name`.
    public var target: String
    /// The complete set of headers to send. The transport adds `Host` when absent and sets `Content-Length`
    /// from `body`; it never sends `Transfer-Encoding` (any given here is dropped).
    public var headers: HTTPHeaders
    public var body: ByteBuffer?
    /// The whole exchange: from `execute()` until the full response is read, including any wait for a connection.
    public var timeout: TimeAmount
    /// Also retry a non-idempotent method (POST, PATCH) once when a reused keep-alive connection turns out to be
    /// closed before any response byte arrived. Set it only for calls that do not change upstream state.
    public var retryOnStaleConnection: Bool

    /// Creates a request; `retryOnStaleConnection` defaults to false.
    public init(
        method: HTTPMethod,
        target: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: ByteBuffer? = nil,
        timeout: TimeAmount = .seconds(30),
        retryOnStaleConnection: Bool = false
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.retryOnStaleConnection = retryOnStaleConnection
    }
}
