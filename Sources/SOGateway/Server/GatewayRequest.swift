import NIOCore
import NIOHTTP1

/// One partner request as it flows through the stage chain; each stage fills in what it owns.
///
/// A value type so stages can hand modified copies downstream without sharing mutable state.
public struct GatewayRequest: Sendable {
    /// The request line and headers exactly as the partner sent them.
    public var head: HTTPRequestHead
    /// The whole request body (bounded by `limits.max_body`), or nil when there was none.
    public var body: ByteBuffer?
    /// The id echoed as `X-Request-Id` and sent upstream.
    public var requestId: String
    /// The peer address, for `X-Forwarded-For`.
    public var remoteAddress: String?
    /// Whether the partner connection is TLS, for `X-Forwarded-Proto`.
    public var isTLS: Bool
    /// When the request head arrived.
    public var receivedAt: NIODeadline
    /// The loop the connection lives on; every future in the chain completes here.
    public let eventLoop: any EventLoop
    /// Set by the client-authentication stage.
    public var client: ClientPrincipal?
    /// Set by the routing stage.
    public var route: Route
    /// Headers that will be sent upstream; built by the header stage, completed by the credentials stage.
    public var upstreamHeaders: HTTPHeaders
    /// What stages learned that the listener writes into logs, metrics and headers.
    public let facts: RequestFacts

    public init(
        head: HTTPRequestHead,
        body: ByteBuffer?,
        requestId: String,
        remoteAddress: String?,
        isTLS: Bool,
        receivedAt: NIODeadline,
        eventLoop: any EventLoop
    ) {
        self.head = head
        self.body = body
        self.requestId = requestId
        self.remoteAddress = remoteAddress
        self.isTLS = isTLS
        self.receivedAt = receivedAt
        self.eventLoop = eventLoop
        self.client = nil
        self.route = .unrouted
        self.upstreamHeaders = HTTPHeaders()
        self.facts = RequestFacts()
    }
}
