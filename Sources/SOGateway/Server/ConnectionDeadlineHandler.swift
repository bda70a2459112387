import GatewayConfig
import NIOCore

/// Cuts off HTTP/1 connections that go quiet or trickle: a new connection whose first request head is not
/// complete `headerTimeout` after the connection became ready (at accept, or once TLS and ALPN are done),
/// a later request head not complete `headerTimeout` after its first byte, a body not complete `bodyTimeout`
/// after its head, and a connection idle between requests beyond `idleTimeout`. Each cut is reported to the
/// observer with the limit that caused it.
///
/// Sits in front of the HTTP decoder so it sees the first raw byte of each request; the HTTP handler on the
/// same channel reports request progress by calling `progress(_:)` directly. The timer is a lazily re-armed
/// `DeadlineTimer`, touched only when a deadline moves earlier (a request head that arrives in pieces) or
/// about once per timeout.
final class ConnectionDeadlineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Progress reported by the HTTP handler.
    enum Progress {
        case headReceived
        case requestReceived
        case responseSent
    }

    private enum Phase {
        /// A new connection, before the first byte of its first request.
        case awaitingFirstRequest
        case idle, readingHead, readingBody, processing
    }

    private let limits: LimitsConfig
    private let observer: any RequestObserver
    private var phase = Phase.awaitingFirstRequest
    /// When the connection must next make progress; nil while the gateway is answering a request.
    private var deadline: NIODeadline?
    private var timer = DeadlineTimer()
    private var context: ChannelHandlerContext?
    /// True inside `channelRead`, which re-arms once after the decoder and the HTTP handler ran.
    private var reading = false

    init(limits: LimitsConfig, observer: any RequestObserver = SilentObserver()) {
        self.limits = limits
        self.observer = observer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { startFresh() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        startFresh()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch phase {
        case .idle:
            phase = .readingHead
            deadline = now + limits.headerTimeout
        case .awaitingFirstRequest:
            // The first request's head keeps the deadline that started with the connection.
            phase = .readingHead
        case .readingHead, .readingBody, .processing:
            break
        }
        reading = true
        context.fireChannelRead(data)
        reading = false
        ensureTimer()
    }

    /// Called by the HTTP handler as a request moves on.
    func progress(_ progress: Progress) {
        switch progress {
        case .headReceived:
            phase = .readingBody
            deadline = now + limits.bodyTimeout
        case .requestReceived:
            phase = .processing
            deadline = nil
        case .responseSent:
            phase = .idle
            deadline = now + limits.idleTimeout
        }
        if !reading { ensureTimer() }
    }

    /// The loop's clock (virtual time on an `EmbeddedEventLoop`, so tests can move it). Out of the pipeline no
    /// timer can fire, so no deadline applies.
    private var now: NIODeadline { context?.eventLoop.now ?? .distantFuture }

    private func startFresh() {
        phase = .awaitingFirstRequest
        deadline = now + limits.headerTimeout
        ensureTimer()
    }

    /// Makes sure the timer fires no later than the deadline; a timer due earlier is left alone.
    private func ensureTimer() {
        guard let deadline, let context, !timer.isArmed(by: deadline) else { return }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer.arm(at: deadline, on: context.eventLoop) { handler.value.fired() }
    }

    private func fired() {
        timer.fired()
        guard let deadline, let context else { return }
        guard deadline <= now else {
            ensureTimer()
            return
        }
        observer.connectionCut(missedLimit)
        context.cutOff()
    }

    /// The limit whose deadline just passed.
    private var missedLimit: ConnectionLimit {
        switch phase {
        case .awaitingFirstRequest, .readingHead: return .headerTimeout
        case .readingBody: return .bodyTimeout
        case .idle, .processing: return .idleTimeout
        }
    }
}
