import GatewayConfig
import NIOCore

/// Cuts off connections that go quiet or trickle: idle between requests beyond `idleTimeout`, a request
/// head not complete `headerTimeout` after its first byte, a body not complete `bodyTimeout` after its head.
///
/// Sits in front of the HTTP decoder so it sees the first raw byte of each request; the HTTP handler on the
/// same channel reports request progress by calling `progress(_:)` directly.
///
/// One timer per connection, re-armed lazily: moving a deadline later (every request does) only records the
/// new deadline, and the timer, when it fires early, sleeps again until it. Scheduling and cancelling an NIO
/// timer per request phase took the loop's task lock and scanned its timer heap several times per request;
/// now the timer is touched only when a deadline moves earlier (a request head that arrives in pieces) or
/// about once per idle timeout.
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
        case idle, readingHead, readingBody, processing
    }

    private let limits: LimitsConfig
    private var phase = Phase.idle
    /// When the connection must next make progress; nil while the gateway is answering a request.
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    private var timerFiresAt = NIODeadline.distantFuture
    private var context: ChannelHandlerContext?
    /// True inside `channelRead`, which re-arms once after the decoder and the HTTP handler ran.
    private var reading = false

    init(limits: LimitsConfig) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { startIdle() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimer()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        startIdle()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimer()
        deadline = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .idle {
            phase = .readingHead
            deadline = now + limits.headerTimeout
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

    /// The loop's clock (virtual time on an `EmbeddedEventLoop`, so tests can move it).
    private var now: NIODeadline { context?.eventLoop.now ?? .now() }

    private func startIdle() {
        phase = .idle
        deadline = now + limits.idleTimeout
        ensureTimer()
    }

    /// Makes sure the timer fires no later than the deadline; a timer due earlier is left alone.
    private func ensureTimer() {
        guard let deadline, let context else { return }
        if timer != nil && timerFiresAt <= deadline { return }
        timer?.cancel()
        schedule(at: deadline, context: context)
    }

    private func schedule(at when: NIODeadline, context: ChannelHandlerContext) {
        timerFiresAt = when
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: when) {
            loopBound.value.fired()
        }
    }

    private func fired() {
        timer = nil
        timerFiresAt = .distantFuture
        guard let deadline, let context else { return }
        if deadline <= now {
            context.close(promise: nil)
        } else {
            schedule(at: deadline, context: context)
        }
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
        timerFiresAt = .distantFuture
    }
}
