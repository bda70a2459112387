import NIOCore
import NIOHTTP1

/// One upstream connection and the exchange running on it, as a value: `UpstreamConnection` feeds it channel
/// events and executes the `Action` each returns, so every decision (keep-alive, stale-connection retry, which
/// error an exchange fails with) is unit-tested without a socket. The shape of AsyncHTTPClient's
/// `HTTP1ConnectionStateMachine`.
///
/// States: `connecting` → `idle` ⇄ `running` → `closing` → `closed`. A connection ends in `closed` exactly once,
/// and only an adopted one reports that end to its pool.
struct UpstreamConnectionStateMachine<Exchange: AnyObject> {
    enum State {
        /// Opened by the pool but not adopted yet: its end concerns nobody.
        case connecting
        /// Adopted and between exchanges; `reused` once it has completed a response.
        case idle(reused: Bool)
        /// A request is written and its response is being read.
        case running(Running)
        /// Asked to close; its end is still to be reported to the pool.
        case closing
        /// Ended (or never adopted and asked to close): every later event is ignored.
        case closed
        /// Only while a payload is changed in place, so the body buffer is never copied on write.
        case modifying
    }

    /// The exchange on the wire and what has arrived of its response.
    struct Running {
        let exchange: Exchange
        /// Started on a connection that had completed a response before: the stale keep-alive race is possible.
        let reused: Bool
        /// The exchange may be replayed on a fresh connection if this one dies before any response byte.
        let mayRetryOnStaleConnection: Bool
        /// The request asked the upstream to close after answering.
        var closeAfterResponse = false
        /// Bytes arrived (even half a status line): a retry could repeat a request the upstream has seen.
        var responseBytesSeen = false
        var head: HTTPResponseHead?
        var body = Body.empty
        var bodyLength = 0
        /// Set when the connection was asked to close while the exchange runs: the error the exchange fails with
        /// when the channel ends, and the reason the connection is not kept alive.
        var closingReason: UpstreamError?
    }

    /// The response body so far.
    enum Body {
        case empty
        /// Kept as it arrived: a body that comes in one chunk is never copied.
        case firstChunk(ByteBuffer)
        /// Copied into one buffer once a second chunk arrived.
        case assembled(ByteBuffer)
    }

    /// What the connection does after completing an exchange.
    enum Next: Equatable {
        /// Hand the connection back to its pool (keep-alive).
        case release
        /// Close the channel.
        case close
        /// Nothing: it is closing already.
        case none
    }

    /// How a connection's end is reported to its pool.
    enum Ended {
        /// No exchange was running.
        case idle
        /// The stale keep-alive race: the pool replays the exchange on a fresh connection.
        case retry(Exchange)
        /// The pool frees the slot, then the exchange fails with this error.
        case fail(Exchange, UpstreamError)
    }

    enum Action {
        case none
        /// Close the channel.
        case close
        /// Do `then` with the connection first, then complete the exchange with the response.
        case succeed(Exchange, UpstreamResponse, then: Next)
        /// Do `then` with the connection first, then fail the exchange.
        case fail(Exchange, UpstreamError, then: Next)
        /// The channel ended: tell the pool (exactly once per adopted connection).
        case reportEnd(Ended)
    }

    /// What `startExchange` decided.
    enum StartAction {
        /// Serialize and write the request, then report `requestWritten` or `requestNotWritten`.
        case write
        /// Fail the exchange; nothing was written and the connection is unchanged.
        case fail(UpstreamError)
    }

    private(set) var state = State.connecting
    let maxResponseBody: Int
    /// Handed out for responses without a body, so they allocate nothing.
    let emptyBody: ByteBuffer

    init(maxResponseBody: Int, emptyBody: ByteBuffer) {
        self.maxResponseBody = maxResponseBody
        self.emptyBody = emptyBody
    }

    /// Open, not closing, and between exchanges.
    var isIdle: Bool {
        if case .idle = self.state { return true }
        return false
    }

    // MARK: Pool events

    /// The pool takes the connection after its connect succeeded. False when it is already closing: the pool then
    /// treats the connect as failed.
    mutating func adopted() -> Bool {
        guard case .connecting = self.state else { return false }
        self.state = .idle(reused: false)
        return true
    }

    /// The pool runs `exchange` here.
    mutating func startExchange(_ exchange: Exchange, mayRetryOnStaleConnection: Bool) -> StartAction {
        switch self.state {
        case .idle(let reused):
            self.state = .running(Running(exchange: exchange, reused: reused, mayRetryOnStaleConnection: mayRetryOnStaleConnection))
            return .write
        case .connecting, .closing, .closed:
            return .fail(.connectionClosed)
        case .running, .modifying:
            assertionFailure("an exchange was started on a busy connection")
            return .fail(.connectionClosed)
        }
    }

    /// The request is serialized and handed to the channel (before the write, so an error it raises meets a running
    /// exchange); `closeAfterResponse` when it asked the upstream to close. The request goes out in one write, so
    /// no later event says its body has been sent: a response may complete before that, and is taken as is.
    mutating func requestWritten(closeAfterResponse: Bool) {
        guard case .running(var running) = self.state else { return }
        self.state = .modifying
        running.closeAfterResponse = closeAfterResponse
        self.state = .running(running)
    }

    /// The request could not be serialized: nothing was written, so the connection is as good as before.
    mutating func requestNotWritten(_ error: UpstreamError) -> Action {
        guard case .running(let running) = self.state else { return .none }
        self.state = .idle(reused: running.reused)
        return .fail(running.exchange, error, then: .release)
    }

    /// The pool gave up on `exchange` (timeout, shutdown): the connection is in an unknown state, never reuse it.
    mutating func abandon(_ exchange: Exchange) -> Action {
        guard case .running(let running) = self.state, running.exchange === exchange else { return .none }
        self.state = .closing
        return running.closingReason == nil ? .close : .none
    }

    /// The pool closes the connection (idle timeout, shutdown).
    mutating func closeRequested() -> Action {
        switch self.state {
        case .connecting:
            self.state = .closed
            return .close
        case .idle:
            self.state = .closing
            return .close
        case .running(var running):
            guard running.closingReason == nil else { return .none }
            self.state = .modifying
            running.closingReason = .connectionClosed
            self.state = .running(running)
            return .close
        case .closing, .closed, .modifying:
            return .none
        }
    }

    // MARK: Channel events

    /// Bytes arrived from the upstream, before decoding.
    mutating func responseBytesArrived() {
        guard case .running(var running) = self.state, !running.responseBytesSeen else { return }
        self.state = .modifying
        running.responseBytesSeen = true
        self.state = .running(running)
    }

    mutating func receivedHead(_ head: HTTPResponseHead) -> Action {
        guard case .running(var running) = self.state else { return self.unexpectedResponse() }
        self.state = .modifying
        running.head = head
        self.state = .running(running)
        return .none
    }

    mutating func receivedBody(_ chunk: ByteBuffer, allocator: ByteBufferAllocator) -> Action {
        guard case .running(var running) = self.state else { return self.unexpectedResponse() }
        self.state = .modifying
        running.bodyLength += chunk.readableBytes
        guard running.bodyLength <= self.maxResponseBody else {
            return self.fail(running, .responseTooLarge)
        }
        switch running.body {
        case .empty:
            running.body = .firstChunk(chunk)
        case .firstChunk(let first):
            // A second chunk: copy into one buffer sized for the whole body when Content-Length says how big.
            var capacity = running.bodyLength
            if let declared = running.head?.headers.first(name: "content-length").flatMap({ Int($0) }) {
                guard declared <= self.maxResponseBody else {
                    return self.fail(running, .responseTooLarge)
                }
                capacity = max(capacity, declared)
            }
            var owned = allocator.buffer(capacity: capacity)
            owned.writeImmutableBuffer(first)
            owned.writeImmutableBuffer(chunk)
            running.body = .assembled(owned)
        case .assembled(var owned):
            // Drop the payload's reference first, so the write below does not copy the buffer.
            running.body = .empty
            owned.writeImmutableBuffer(chunk)
            running.body = .assembled(owned)
        }
        self.state = .running(running)
        return .none
    }

    /// The response is complete; `channelIsActive` is false when its body was delimited by the connection's end.
    mutating func receivedEnd(channelIsActive: Bool) -> Action {
        guard case .running(let running) = self.state else { return self.unexpectedResponse() }
        guard let head = running.head else {
            return self.fail(running, .invalidResponse("response ended without a status line"))
        }
        let body: ByteBuffer
        switch running.body {
        case .empty: body = self.emptyBody
        case .firstChunk(let buffer), .assembled(let buffer): body = buffer
        }
        let response = UpstreamResponse(status: head.status, headers: head.headers, body: body)
        // HTTP/1.0 closes; so do `Connection: close` either way and a body delimited by the connection's end.
        let keepAlive = !running.closeAfterResponse && head.version == .http1_1 && head.isKeepAlive && channelIsActive
            && running.closingReason == nil
        if keepAlive {
            self.state = .idle(reused: true)
            return .succeed(running.exchange, response, then: .release)
        }
        self.state = .closing
        return .succeed(running.exchange, response, then: running.closingReason == nil ? .close : .none)
    }

    /// An error in the pipeline: the first one while an exchange runs is what it fails with when the channel ends.
    mutating func errorCaught(_ error: UpstreamError) -> Action {
        switch self.state {
        case .running(var running):
            guard running.closingReason == nil else { return .none }
            self.state = .modifying
            running.closingReason = error
            self.state = .running(running)
            return .close
        case .connecting, .idle, .closing, .closed, .modifying:
            return self.closeRequested()
        }
    }

    /// The channel went inactive or the handler left the pipeline (whichever comes first).
    mutating func channelClosed() -> Action {
        switch self.state {
        case .connecting, .closed, .modifying:
            self.state = .closed
            return .none
        case .idle, .closing:
            self.state = .closed
            return .reportEnd(.idle)
        case .running(let running):
            self.state = .closed
            let error = running.closingReason ?? .connectionClosed
            // The stale keep-alive race: the upstream closed a reused connection before answering at all.
            if error == .connectionClosed, running.reused, !running.responseBytesSeen, running.mayRetryOnStaleConnection {
                return .reportEnd(.retry(running.exchange))
            }
            return .reportEnd(.fail(running.exchange, error))
        }
    }

    // MARK: Helpers

    /// Response bytes nobody asked for (or after an abandoned exchange): this connection cannot be trusted.
    private mutating func unexpectedResponse() -> Action {
        self.closeRequested()
    }

    /// Fails the running exchange and closes: a connection in an unknown state is never reused.
    private mutating func fail(_ running: Running, _ error: UpstreamError) -> Action {
        self.state = .closing
        return .fail(running.exchange, error, then: running.closingReason == nil ? .close : .none)
    }
}
