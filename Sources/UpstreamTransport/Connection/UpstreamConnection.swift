import NIOCore
import NIOHTTP1
import NIOSSL

/// One keep-alive HTTP/1.1 connection and the handler at the end of its pipeline: writes one request at a time
/// and assembles the response into a single `ByteBuffer`.
///
/// The decisions live in `UpstreamConnectionStateMachine`; this class feeds it the channel's events and executes
/// the actions it returns. Lives on its channel's event loop and is touched only there. It is created in the
/// channel initializer and becomes part of an `EndpointPool` only when that pool adopts it after the connect
/// succeeded, so the losing attempts of Happy Eyeballs never touch pool state.
final class UpstreamConnection: ChannelInboundHandler, RemovableChannelHandler, PooledConnection {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let channel: any Channel
    /// Index in the endpoint pool's list of open connections.
    var poolSlot = -1

    private var state: UpstreamConnectionStateMachine<UpstreamExchange>
    private var context: ChannelHandlerContext?
    private var wire: UpstreamWireHandler?
    /// Set on adoption; cleared when the connection's end is reported, which breaks the reference cycle.
    private var pool: EndpointPool?

    init(channel: any Channel, maxResponseBody: Int) {
        self.channel = channel
        self.state = UpstreamConnectionStateMachine(maxResponseBody: maxResponseBody, emptyBody: channel.allocator.buffer(capacity: 0))
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

    /// Joins `pool`; false when the connection is already closing (the pool then treats the connect as failed).
    func adopt(by pool: EndpointPool) -> Bool {
        guard self.state.adopted() else { return false }
        self.pool = pool
        return true
    }

    /// Open, not closing, and between exchanges.
    var isReusable: Bool {
        self.state.isIdle && self.channel.isActive
    }

    // MARK: Driving an exchange

    /// Writes the exchange's request; the response arrives in `channelRead`.
    func start(_ exchange: UpstreamExchange) {
        guard let context = self.context, let pool = self.pool else {
            exchange.fail(.connectionClosed)
            return
        }
        if case .fail(let error) = self.state.startExchange(exchange, mayRetryOnStaleConnection: exchange.mayRetryOnStaleConnection) {
            exchange.fail(error)
            return
        }
        exchange.phase = .running(self)

        let request = exchange.request
        let wire: UpstreamRequest.Wire
        do {
            wire = try request.serialize(hostHeader: pool.hostHeader, allocator: context.channel.allocator)
        } catch {
            // Nothing was written: the connection is as good as before.
            self.run(self.state.requestNotWritten(error))
            return
        }
        self.state.requestWritten(closeAfterResponse: wire.closeAfterResponse)
        // The decoder must see a head to know whether the response can have a body (HEAD); it reads only the
        // method. The bytes go out through the wire handler.
        let head = HTTPRequestHead(version: .http1_1, method: request.method, uri: "", headers: HTTPHeaders())
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        self.wire?.send(wire.bytes, body: request.bodyIsSeparate ? request.body : nil)
    }

    /// The pool gave up on `exchange` (timeout, shutdown): never reuse this connection.
    func abandon(_ exchange: UpstreamExchange) {
        self.run(self.state.abandon(exchange))
    }

    /// Closes the connection (idle timeout, shutdown); its end is reported to the pool when the channel goes.
    func close() {
        self.run(self.state.closeRequested())
    }

    /// Called by `UpstreamWireHandler` for every read, before decoding.
    func noteResponseBytes() {
        self.state.responseBytesArrived()
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
        self.run(self.state.channelClosed())
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.run(self.state.receivedHead(head))
        case .body(let chunk):
            self.run(self.state.receivedBody(chunk, allocator: context.channel.allocator))
        case .end:
            self.run(self.state.receivedEnd(channelIsActive: context.channel.isActive))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.run(self.state.errorCaught(UpstreamError.exchanging(error)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.run(self.state.channelClosed())
        context.fireChannelInactive()
    }

    // MARK: Executing actions

    /// Executes what the state machine decided: connection first (release, close, report), then the exchange.
    private func run(_ action: UpstreamConnectionStateMachine<UpstreamExchange>.Action) {
        switch action {
        case .none:
            break
        case .close:
            self.closeChannel()
        case .succeed(let exchange, let response, let next):
            self.proceed(next)
            exchange.succeed(response)
        case .fail(let exchange, let error, let next):
            self.proceed(next)
            exchange.fail(error)
        case .reportEnd(let ended):
            // Only an adopted connection reports its end, so the pool is set; clearing it breaks the cycle.
            let pool = self.pool
            self.pool = nil
            switch ended {
            case .idle:
                pool?.connectionClosed(self, retrying: nil)
            case .retry(let exchange):
                if let pool {
                    pool.connectionClosed(self, retrying: exchange)
                } else {
                    exchange.fail(.connectionClosed)
                }
            case .fail(let exchange, let error):
                pool?.connectionClosed(self, retrying: nil)
                exchange.fail(error)
            }
        }
    }

    /// What happens to the connection once its exchange is complete.
    private func proceed(_ next: UpstreamConnectionStateMachine<UpstreamExchange>.Next) {
        switch next {
        case .release:
            if let pool = self.pool {
                pool.release(self)
            } else {
                self.close()
            }
        case .close:
            self.closeChannel()
        case .none:
            break
        }
    }

    private func closeChannel() {
        if let context = self.context {
            context.close(promise: nil)
        } else {
            self.channel.close(promise: nil)
        }
    }
}
