import NIOCore

/// Bounds a TLS connection from accept until its handshake and ALPN are done (`limits.handshake_timeout`):
/// a client that connects and stays silent, or trickles its ClientHello, is closed and counted. Before this,
/// no deadline ran until ALPN had picked HTTP/1.1 or HTTP/2, so a silent socket held a `max_connections`
/// slot for as long as it liked.
///
/// Sits first in the pipeline, in front of the TLS handler, so its close goes straight to the socket (no
/// TLS shutdown to wait for). The ALPN configurators call `finished()` once the protocol's own pipeline,
/// with its own deadlines, is in place; the handler then takes itself out.
final class HandshakeDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let observer: any RequestObserver
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(timeout: TimeAmount, observer: any RequestObserver) {
        self.timeout = timeout
        self.observer = observer
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) { handler.value.expired() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        self.context = nil
    }

    /// The negotiated protocol's pipeline is ready: its deadlines take over from here.
    func finished() {
        timer?.cancel()
        timer = nil
        guard let context else { return }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    private func expired() {
        timer = nil
        guard let context, context.channel.isActive else { return }
        observer.connectionCut(.handshakeTimeout)
        context.close(promise: nil)
    }
}
