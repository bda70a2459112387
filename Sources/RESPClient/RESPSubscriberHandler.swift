import NIOCore

/// Sits before the command handler on a subscriber's connection: in subscribe mode Redis pushes messages
/// that answer no command, so every reply goes to the subscriber instead of the command FIFO.
/// Lives on its channel's event loop.
final class RESPSubscriberHandler: ChannelInboundHandler {
    typealias InboundIn = RESPValue
    typealias OutboundOut = ByteBuffer

    private let onValue: (RESPValue) -> Void
    private var context: ChannelHandlerContext?

    init(onValue: @escaping (RESPValue) -> Void) {
        self.onValue = onValue
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        onValue(Self.unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A decoder error or a socket failure: the subscriber sees the close and reconnects.
        context.close(promise: nil)
    }

    /// Writes and flushes one command.
    func send(_ command: [String]) {
        guard let context else { return }
        let arguments = command.map(RESPArgument.text)
        var buffer = context.channel.allocator.buffer(capacity: RESPCommandEncoding.size(of: arguments))
        RESPCommandEncoding.write(arguments, into: &buffer)
        context.writeAndFlush(Self.wrapOutboundOut(buffer), promise: nil)
    }
}
