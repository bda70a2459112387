import NIOCore

/// Matches replies to commands on one connection: commands are written in order and Redis answers in
/// order, so a FIFO of promises is all the bookkeeping pipelining needs.
///
/// Lives on its channel's event loop; the connection slot calls `enqueue`/`flush`/`close` directly there
/// (no outbound message wrapping on the hot path).
final class RESPCommandHandler: ChannelInboundHandler {
    typealias InboundIn = RESPValue
    typealias OutboundOut = ByteBuffer

    /// A command waiting for its reply.
    struct Pending {
        let promise: EventLoopPromise<RESPValue>
        /// `send` fails on an error reply; `pipeline` keeps it as a value.
        let errorsAsFailures: Bool
    }

    private var pending = CircularBuffer<Pending>(initialCapacity: 8)
    private var context: ChannelHandlerContext?
    /// False once the channel closed or failed; later commands fail at once.
    private(set) var isOpen = true
    private var flushPending = false

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        isOpen = false
        self.context = nil
        failAll(.connectionClosed)
    }

    func channelInactive(context: ChannelHandlerContext) {
        isOpen = false
        failAll(.connectionClosed)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = Self.unwrapInboundIn(data)
        guard let next = pending.popFirst() else {
            close(failing: .protocolError("a reply arrived with no command waiting for it"))
            return
        }
        if next.errorsAsFailures, case .error(let message) = value {
            next.promise.fail(RESPError.server(message))
        } else {
            next.promise.succeed(value)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Decoder errors are `RESPError`s; anything else is the socket failing (reset, broken pipe).
        close(failing: (error as? RESPError) ?? .connectionClosed)
    }

    /// Writes `command` (without flushing) and queues `promise` for its reply.
    func enqueue(_ command: [RESPArgument], promise: EventLoopPromise<RESPValue>, errorsAsFailures: Bool) {
        guard isOpen, let context else {
            promise.fail(RESPError.connectionClosed)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: RESPCommandEncoding.size(of: command))
        RESPCommandEncoding.write(command, into: &buffer)
        pending.append(Pending(promise: promise, errorsAsFailures: errorsAsFailures))
        context.write(Self.wrapOutboundOut(buffer), promise: nil)
    }

    /// Sends everything enqueued, once the current event-loop task ends: commands that callers issue in
    /// the same tick (requests read in one batch) leave in one write instead of one each.
    func flush() {
        guard !flushPending, let context else { return }
        flushPending = true
        context.eventLoop.assumeIsolated().execute {
            self.flushPending = false
            self.context?.flush()
        }
    }

    /// Fails every waiting command with `error` and closes the connection.
    func close(failing error: RESPError) {
        isOpen = false
        failAll(error)
        context?.close(promise: nil)
    }

    private func failAll(_ error: RESPError) {
        while let next = pending.popFirst() {
            next.promise.fail(error)
        }
    }
}
