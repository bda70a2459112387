import NIOCore
import NIOHTTP1
import NIOSSL

/// One keep-alive HTTP/1.1 connection and the handler at the end of its pipeline: writes one request at a time
/// and assembles the response into a single `ByteBuffer`.
///
/// Lives on its channel's event loop and is touched only there. It is created in the channel initializer and
/// becomes part of an `EndpointPool` only when that pool adopts it after the connect succeeded, so the losing
/// attempts of Happy Eyeballs never touch pool state.
final class UpstreamConnection: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let channel: any Channel
    /// Index in the endpoint pool's list of open connections.
    var poolSlot = -1
    private(set) var idleSince = NIODeadline.uptimeNanoseconds(0)

    private let maxResponseBody: Int
    private let emptyBody: ByteBuffer
    private var context: ChannelHandlerContext?
    private var wire: UpstreamWireHandler?
    private var pool: EndpointPool?
    private var isClosing = false
    private var completedResponses = 0

    // The running exchange.
    private var exchange: UpstreamExchange?
    private var startedOnReusedConnection = false
    private var responseBytesSeen = false
    private var closeAfterResponse = false
    private var responseHead: HTTPResponseHead?
    private var body: ByteBuffer?
    private var bodyLength = 0
    private var bodyIsOwned = false
    private var pendingError: UpstreamError?

    init(channel: any Channel, maxResponseBody: Int) {
        self.channel = channel
        self.maxResponseBody = maxResponseBody
        self.emptyBody = channel.allocator.buffer(capacity: 0)
    }

    /// Builds the pipeline: [TLS] → wire → response decoder → self. See `UpstreamWireHandler` for why no encoder.
    func installHandlers(tlsContext: NIOSSLContext?, serverName: String?) throws {
        let pipeline = self.channel.pipeline.syncOperations
        if let tlsContext {
            try pipeline.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
        }
        let wire = UpstreamWireHandler(connection: self)
        try pipeline.addHandler(wire)
        try pipeline.addHandler(
            ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes, informationalResponseStrategy: .drop))
        )
        try pipeline.addHandler(self)
        self.wire = wire
    }

    func adopt(by pool: EndpointPool) {
        self.pool = pool
    }

    /// Open, not closing, and between exchanges.
    var isReusable: Bool {
        !self.isClosing && self.exchange == nil && self.channel.isActive
    }

    func becameIdle(at now: NIODeadline) {
        self.idleSince = now
    }

    // MARK: Driving an exchange

    /// Writes the exchange's request; the response arrives in `channelRead`.
    func start(_ exchange: UpstreamExchange) {
        guard let context = self.context, let pool = self.pool, !self.isClosing else {
            exchange.fail(.connectionClosed)
            return
        }
        self.exchange = exchange
        exchange.phase = .running(self)
        self.startedOnReusedConnection = self.completedResponses > 0
        self.responseBytesSeen = false
        self.pendingError = nil
        self.responseHead = nil
        self.body = nil
        self.bodyLength = 0
        self.bodyIsOwned = false

        let request = exchange.request
        let wire: UpstreamRequest.Wire
        do {
            wire = try request.serialize(hostHeader: pool.hostHeader, allocator: context.channel.allocator)
        } catch {
            // Nothing was written: the connection is as good as before.
            self.exchange = nil
            pool.release(self)
            exchange.fail(error)
            return
        }
        self.closeAfterResponse = wire.closeAfterResponse
        // The decoder must see a head to know whether the response can have a body (HEAD); it reads only the
        // method. The bytes go out through the wire handler.
        let head = HTTPRequestHead(version: .http1_1, method: request.method, uri: "", headers: HTTPHeaders())
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        self.wire?.send(wire.bytes, body: request.bodyIsSeparate ? request.body : nil)
    }

    /// The pool gave up on `exchange` (timeout, shutdown): never reuse this connection.
    func abandon(_ exchange: UpstreamExchange) {
        guard self.exchange === exchange else { return }
        self.exchange = nil
        self.close()
    }

    func close() {
        guard !self.isClosing else { return }
        self.isClosing = true
        if let context = self.context {
            context.close(promise: nil)
        } else {
            self.channel.close(promise: nil)
        }
    }

    /// Called by `UpstreamWireHandler` for every read, before decoding.
    func noteResponseBytes() {
        self.responseBytesSeen = true
    }

    // MARK: ChannelHandler

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        self.wire = nil
        // A channel closed before its pipeline saw channelActive (e.g. closed from the connect callback) never
        // fires channelInactive here; the pipeline teardown still removes this handler.
        self.connectionEnded()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard self.exchange != nil else {
            // Bytes nobody asked for (or after an abandoned exchange): this connection cannot be trusted.
            self.close()
            return
        }
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.responseHead = head
        case .body(var chunk):
            self.bodyLength += chunk.readableBytes
            guard self.bodyLength <= self.maxResponseBody else {
                self.fail(.responseTooLarge)
                return
            }
            if self.bodyIsOwned {
                self.body?.writeBuffer(&chunk)
            } else if let first = self.body {
                self.ownBody(first: first, next: &chunk, allocator: context.channel.allocator)
            } else {
                // Kept as is: a body that arrives in one chunk is never copied.
                self.body = chunk
            }
        case .end:
            self.finishResponse(context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if self.exchange != nil, self.pendingError == nil {
            self.pendingError = UpstreamError.exchanging(error)
        }
        self.close()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.connectionEnded()
        context.fireChannelInactive()
    }

    /// Reports the end of the connection to the pool exactly once, failing or retrying the running exchange.
    private func connectionEnded() {
        self.isClosing = true
        guard let pool = self.pool else { return }
        self.pool = nil

        var retrying: UpstreamExchange?
        var failing: (UpstreamExchange, UpstreamError)?
        if let exchange = self.exchange {
            self.exchange = nil
            let error = self.pendingError ?? .connectionClosed
            // The stale keep-alive race: the upstream closed a reused connection before answering at all.
            if error == .connectionClosed, self.startedOnReusedConnection, !self.responseBytesSeen,
                exchange.mayRetryOnStaleConnection
            {
                retrying = exchange
            } else {
                failing = (exchange, error)
            }
        }
        pool.connectionClosed(self, retrying: retrying)
        if let (exchange, error) = failing {
            exchange.fail(error)
        }
    }

    // MARK: Response assembly

    /// A second chunk arrived: copy into one buffer sized for the whole body when Content-Length says how big.
    private func ownBody(first: ByteBuffer, next chunk: inout ByteBuffer, allocator: ByteBufferAllocator) {
        var capacity = self.bodyLength
        if let declared = self.responseHead?.headers.first(name: "content-length").flatMap({ Int($0) }) {
            guard declared <= self.maxResponseBody else {
                self.fail(.responseTooLarge)
                return
            }
            capacity = max(capacity, declared)
        }
        var owned = allocator.buffer(capacity: capacity)
        owned.writeImmutableBuffer(first)
        owned.writeBuffer(&chunk)
        self.body = owned
        self.bodyIsOwned = true
    }

    private func finishResponse(context: ChannelHandlerContext) {
        guard let exchange = self.exchange else { return }
        guard let head = self.responseHead else {
            self.fail(.invalidResponse("response ended without a status line"))
            return
        }
        let response = UpstreamResponse(status: head.status, headers: head.headers, body: self.body ?? self.emptyBody)
        self.exchange = nil
        self.responseHead = nil
        self.body = nil
        self.completedResponses += 1

        // HTTP/1.0 closes; so do `Connection: close` either way and a body delimited by the connection's end.
        let keepAlive = !self.closeAfterResponse && head.version == .http1_1 && head.isKeepAlive
            && context.channel.isActive && !self.isClosing
        if keepAlive, let pool = self.pool {
            pool.release(self)
        } else {
            self.close()
        }
        exchange.succeed(response)
    }

    /// Fails the running exchange and closes: a connection in an unknown state is never reused.
    private func fail(_ error: UpstreamError) {
        guard let exchange = self.exchange else { return }
        self.exchange = nil
        self.close()
        exchange.fail(error)
    }
}
