import NIOCore
import NIOHTTP1

/// A complete upstream answer: the body is read fully (within the size limit) before this is handed out.
public struct UpstreamResponse: Sendable {
    /// The final status (1xx interim responses are skipped).
    public var status: HTTPResponseStatus
    /// The headers as received, hop-by-hop ones included: stripping them is the caller's business.
    public var headers: HTTPHeaders
    /// Empty for HEAD, 204 and 304. Not decoded: `Content-Encoding` is left to the caller.
    public var body: ByteBuffer

    /// Creates a response (the transport does; callers may, e.g. in tests or for cached answers).
    public init(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
