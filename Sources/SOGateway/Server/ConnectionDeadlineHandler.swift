import GatewayConfig
import NIOCore

/// Cuts off connections that go quiet or trickle: idle between requests beyond `idleTimeout`, a request
/// head not complete `headerTimeout` after its first byte, a body not complete `bodyTimeout` after its head.
///
/// Sits in front of the HTTP decoder so it sees the first raw byte of each request; the HTTP handler tells
/// it about request progress through outbound user events (they travel toward the head of the pipeline).
final class ConnectionDeadlineHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Progress events sent by the HTTP handler.
    enum Progress: Sendable {
        case headReceived
        case requestReceived
        case responseSent
    }

    private enum Phase {
        case idle, readingHead, readingBody, processing
    }

    private let limits: LimitsConfig
    private var phase = Phase.idle
    private var timer: Scheduled<Void>?

    init(limits: LimitsConfig) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(limits.idleTimeout, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(limits.idleTimeout, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .idle {
            phase = .readingHead
            arm(limits.headerTimeout, context: context)
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let progress = event as? Progress else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch progress {
        case .headReceived:
            phase = .readingBody
            arm(limits.bodyTimeout, context: context)
        case .requestReceived:
            phase = .processing
            timer?.cancel()
            timer = nil
        case .responseSent:
            phase = .idle
            arm(limits.idleTimeout, context: context)
        }
        promise?.succeed(())
    }

    private func arm(_ delay: TimeAmount, context: ChannelHandlerContext) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: delay) {
            loopBound.value.close(promise: nil)
        }
    }
}
