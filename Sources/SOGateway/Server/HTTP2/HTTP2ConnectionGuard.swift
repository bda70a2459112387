import GatewayConfig
import NIOCore
import NIOHTTP2

/// Bounds an HTTP/2 connection as a whole, the way `ConnectionDeadlineHandler` bounds an HTTP/1 one:
///
/// - until its first stream opens, `header_timeout` from when ALPN chose HTTP/2 (a client that finishes the
///   handshake, or sends its preface and SETTINGS, and then nothing);
/// - with no stream open after that, `idle_timeout` from when its last stream closed;
/// - a header block (HEADERS, then CONTINUATION frames) open longer than `header_timeout` — reported by
///   `HTTP2HeaderBlockWatch`, since no other frame may arrive until a block is complete.
///
/// A missed deadline sends GOAWAY and then closes the connection, and is counted.
///
/// It also closes the connection after every connection error swift-nio-http2 detects (a CONTINUATION
/// flood, a header block past `max_header_bytes`, a reset or PING/SETTINGS flood, too many streams, ...). The
/// library answers those with GOAWAY but leaves the socket open, and a client that ignores the GOAWAY can go
/// on sending: that is how a CONTINUATION flood used to keep a connection and grow the gateway's memory. It
/// learns of the library's GOAWAY as the `NIOHTTP2FrameDelegate` of the `NIOHTTP2Handler`, because the
/// error that follows carries no sign of whether it ended the connection or one stream. Stream errors
/// (a single RST_STREAM) leave the connection open.
///
/// Sits after the stream multiplexer, where stream creation and closure arrive as user events.
final class HTTP2ConnectionGuard: ChannelInboundHandler, NIOHTTP2FrameDelegate {
    typealias InboundIn = HTTP2Frame
    typealias InboundOut = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    private let limits: LimitsConfig
    private let observer: any RequestObserver
    private var context: ChannelHandlerContext?
    private var openStreams = Set<HTTP2StreamID>()
    private var lastStreamID = HTTP2StreamID.rootStream
    private var hadStream = false
    /// When the connection became ready, or when its last stream closed.
    private var quietSince = NIODeadline.uptimeNanoseconds(0)
    /// When the header block still open began.
    private var headerBlockSince: NIODeadline?
    private var timer = DeadlineTimer()
    /// The connection is being taken down; nothing more is armed or reported.
    private var closing = false
    /// A graceful shutdown sent GOAWAY: the connection closes when its last stream is done.
    private var draining = false
    /// The library just wrote a GOAWAY with an error code: the error it reports next ended the connection.
    private var libraryWentAway = false

    init(limits: LimitsConfig, observer: any RequestObserver) {
        self.limits = limits
        self.observer = observer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        quietSince = context.eventLoop.now
        ensureTimer()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer.cancel()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        timer.cancel()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let created as NIOHTTP2StreamCreatedEvent:
            openStreams.insert(created.streamID)
            hadStream = true
            lastStreamID = max(lastStreamID, created.streamID)
        case let closed as StreamClosedEvent:
            streamClosed(closed.streamID, context: context)
        case is ChannelShouldQuiesceEvent:
            drain(context: context)
        default:
            break
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if libraryWentAway {
            libraryWentAway = false
            guard !closing else { return }
            closing = true
            timer.cancel()
            observer.connectionCut(ConnectionLimit(http2Error: error))
            context.cutOff()
        } else if error is any NIOHTTP2Error || error is NIOHTTP2Errors.StreamError {
            // A stream error: the library reset that one stream; the connection goes on.
            return
        } else {
            // The transport failed (reset, TLS error): nothing more can be exchanged.
            context.close(promise: nil)
        }
    }

    // MARK: NIOHTTP2FrameDelegate

    func wroteFrame(_ frame: HTTP2Frame) {
        guard case .goAway(_, let code, _) = frame.payload, code != .noError, !closing else { return }
        libraryWentAway = true
    }

    // MARK: Reported by HTTP2HeaderBlockWatch

    func headerBlockOpened() {
        guard let context else { return }
        headerBlockSince = context.eventLoop.now
        ensureTimer()
    }

    func headerBlockClosed() {
        headerBlockSince = nil
    }

    // MARK: Deadlines

    /// When the connection must next make progress, and the limit that says so; nil while streams are open
    /// and no header block is pending (each stream has its own deadline then).
    private var deadline: (at: NIODeadline, limit: ConnectionLimit)? {
        if !hadStream { return (quietSince + limits.headerTimeout, .headerTimeout) }
        if let since = headerBlockSince { return (since + limits.headerTimeout, .headerTimeout) }
        if openStreams.isEmpty { return (quietSince + limits.idleTimeout, .idleTimeout) }
        return nil
    }

    private func streamClosed(_ id: HTTP2StreamID, context: ChannelHandlerContext) {
        guard openStreams.remove(id) != nil, openStreams.isEmpty else { return }
        quietSince = context.eventLoop.now
        if draining {
            closing = true
            context.close(promise: nil)
        } else {
            ensureTimer()
        }
    }

    private func ensureTimer() {
        guard !closing, let context, let deadline, !timer.isArmed(by: deadline.at) else { return }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer.arm(at: deadline.at, on: context.eventLoop) { handler.value.fired() }
    }

    private func fired() {
        timer.fired()
        guard !closing, let context, let deadline else { return }
        guard deadline.at <= context.eventLoop.now else {
            ensureTimer()
            return
        }
        closing = true
        observer.connectionCut(deadline.limit)
        // NO_ERROR for a quiet connection; a header block cut off mid-way is the client's doing.
        let code: HTTP2ErrorCode = headerBlockSince == nil ? .noError : .enhanceYourCalm
        goAway(code, context: context)
        context.cutOff()
    }

    /// Graceful shutdown: GOAWAY now, close when the streams in flight are done.
    private func drain(context: ChannelHandlerContext) {
        guard !closing, !draining else { return }
        draining = true
        goAway(.noError, context: context)
        if openStreams.isEmpty {
            closing = true
            context.close(promise: nil)
        }
    }

    private func goAway(_ code: HTTP2ErrorCode, context: ChannelHandlerContext) {
        let frame = HTTP2Frame(streamID: .rootStream, payload: .goAway(lastStreamID: lastStreamID, errorCode: code, opaqueData: nil))
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }
}
