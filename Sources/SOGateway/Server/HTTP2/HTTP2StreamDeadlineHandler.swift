import NIOCore
import NIOHTTP2

/// Bounds one HTTP/2 stream's request body: a stream whose request has not ended `body_timeout` after its
/// head is reset (closing an open stream channel sends RST_STREAM) and counted. Its request never completed,
/// so the gateway handler behind never dispatched it: nothing of it reaches upstream. The connection and
/// its other streams go on.
///
/// The head needs no deadline here: swift-nio-http2 creates the stream only once its header block is
/// complete, and a block that never completes is bounded on the connection (`HTTP2ConnectionGuard`).
/// A request that ends with its HEADERS frame (a GET) arms no timer at all.
final class HTTP2StreamDeadlineHandler: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame.FramePayload
    typealias InboundOut = HTTP2Frame.FramePayload

    private let bodyTimeout: TimeAmount
    private let observer: any RequestObserver
    private var timer: Scheduled<Void>?
    private var headSeen = false
    private var requestEnded = false
    private var context: ChannelHandlerContext?

    init(bodyTimeout: TimeAmount, observer: any RequestObserver) {
        self.bodyTimeout = bodyTimeout
        self.observer = observer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .headers(let headers):
            if headers.endStream {
                ended()
            } else if !headSeen {
                headSeen = true
                let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
                timer = context.eventLoop.scheduleTask(in: bodyTimeout) { handler.value.expired() }
            }
        case .data(let data) where data.endStream:
            ended()
        default:
            break
        }
        context.fireChannelRead(data)
    }

    private func ended() {
        requestEnded = true
        timer?.cancel()
        timer = nil
    }

    private func expired() {
        timer = nil
        guard !requestEnded, let context, context.channel.isActive else { return }
        observer.streamReset(.bodyTimeout)
        context.close(promise: nil)
    }
}
