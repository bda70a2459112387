import GatewayConfig
import NIOCore
import NIOHTTP1

/// One partner request as it flows through the stage chain; each stage fills in what it owns.
///
/// A value type so stages can hand modified copies downstream without sharing mutable state. What the
/// partner sent and where it came from never changes after the request is complete, so it lives in one
/// shared reference (`Origin`): a copy made at a stage retains that one reference plus the few fields stages
/// change, instead of every string and buffer of the request.
public struct GatewayRequest: Sendable {
    private let origin: Origin

    /// The request line and headers exactly as the partner sent them.
    public var head: HTTPRequestHead { origin.head }
    /// The id echoed as `X-Request-Id` and sent upstream.
    public var requestId: String { origin.requestId }
    /// The peer address, for `X-Forwarded-For`.
    public var remoteAddress: String? { origin.remoteAddress }
    /// The peer address parsed, for `trusted_proxies` and `source_ips` checks.
    public var peerAddress: IPAddressBytes? { origin.peerAddress }
    /// Whether the partner connection is TLS, for `X-Forwarded-Proto`.
    public var isTLS: Bool { origin.isTLS }
    /// When the request head arrived.
    public var receivedAt: NIODeadline { origin.receivedAt }
    /// The loop the connection lives on; every future in the chain completes here.
    public var eventLoop: any EventLoop { origin.eventLoop }
    /// What stages learned that the listener writes into logs, metrics and headers.
    public var facts: RequestFacts { origin.facts }

    /// The whole request body (bounded by `limits.max_body`), or nil when there was none. The task cache
    /// replaces it with the canonical body it sends upstream.
    public var body: ByteBuffer?
    /// Set by the client-authentication stage, and only there (it is the only maker of the value).
    public internal(set) var authenticated: AuthenticatedClient?
    /// The authenticated partner, for stages that only read its settings.
    public var client: ClientPrincipal? { authenticated?.principal }
    /// Set by the routing stage.
    public var route: Route
    /// Headers that will be sent upstream; built by the header stage, completed by the credentials stage.
    public var upstreamHeaders: HTTPHeaders

    public init(
        head: HTTPRequestHead,
        body: ByteBuffer?,
        requestId: String,
        remoteAddress: String?,
        peerAddress: IPAddressBytes? = nil,
        isTLS: Bool,
        receivedAt: NIODeadline,
        eventLoop: any EventLoop
    ) {
        self.origin = Origin(
            head: head, requestId: requestId, remoteAddress: remoteAddress,
            // The listener parses the peer once per connection; callers that do not are parsed here.
            peerAddress: peerAddress ?? remoteAddress.flatMap { IPAddressBytes($0) }, isTLS: isTLS,
            receivedAt: receivedAt, eventLoop: eventLoop, facts: RequestFacts(eventLoop: eventLoop)
        )
        self.body = body
        self.authenticated = nil
        self.route = .unrouted
        self.upstreamHeaders = HTTPHeaders()
    }

    /// The fixed part of a request, shared by all its copies.
    private final class Origin: Sendable {
        let head: HTTPRequestHead
        let requestId: String
        let remoteAddress: String?
        let peerAddress: IPAddressBytes?
        let isTLS: Bool
        let receivedAt: NIODeadline
        let eventLoop: any EventLoop
        let facts: RequestFacts

        init(
            head: HTTPRequestHead, requestId: String, remoteAddress: String?, peerAddress: IPAddressBytes?, isTLS: Bool,
            receivedAt: NIODeadline, eventLoop: any EventLoop, facts: RequestFacts
        ) {
            self.head = head
            self.requestId = requestId
            self.remoteAddress = remoteAddress
            self.peerAddress = peerAddress
            self.isTLS = isTLS
            self.receivedAt = receivedAt
            self.eventLoop = eventLoop
            self.facts = facts
        }
    }
}
