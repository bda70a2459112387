import NIOCore
import NIOPosix

/// Opens one Redis connection and completes its handshake (AUTH, SELECT), for the command slots and the
/// pub/sub subscriber alike.
enum RESPConnector {
    /// Connects on `eventLoop` and completes the handshake; the future carries the connection bound to that loop.
    /// - Parameters:
    ///   - configuration: where to connect, the password and database, the limits.
    ///   - eventLoop: the loop the connection lives on.
    static func connect(_ configuration: RESPClientConfiguration, on eventLoop: any EventLoop) -> EventLoopFuture<NIOLoopBound<RESPConnection>> {
        let limits = configuration.limits
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(RESPDecoder(limits: limits)),
                        RESPCommandHandler()
                    )
                }
            }
        // An IP address needs no resolver round trip.
        let connected: EventLoopFuture<any Channel>
        if let address = try? SocketAddress(ipAddress: configuration.host, port: configuration.port) {
            connected = bootstrap.connect(to: address)
        } else {
            connected = bootstrap.connect(host: configuration.host, port: configuration.port)
        }
        return connected.flatMap { channel in
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: RESPCommandHandler.self)
                return handshake(
                    NIOLoopBound(RESPConnection(channel: channel, handler: handler), eventLoop: eventLoop), configuration, on: eventLoop
                )
            } catch {
                channel.close(promise: nil)
                return eventLoop.makeFailedFuture(error)
            }
        }
    }

    /// Sends AUTH and SELECT when configured, bounded by the connect timeout.
    private static func handshake(
        _ bound: NIOLoopBound<RESPConnection>, _ configuration: RESPClientConfiguration, on eventLoop: any EventLoop
    ) -> EventLoopFuture<NIOLoopBound<RESPConnection>> {
        let handler = bound.value.handler
        var steps = [EventLoopFuture<RESPValue>]()
        if let password = configuration.password {
            let promise = eventLoop.makePromise(of: RESPValue.self)
            handler.enqueue(["AUTH", .text(password)], promise: promise, errorsAsFailures: true)
            steps.append(promise.futureResult)
        }
        if configuration.database != 0 {
            let promise = eventLoop.makePromise(of: RESPValue.self)
            handler.enqueue(["SELECT", .text(String(configuration.database))], promise: promise, errorsAsFailures: true)
            steps.append(promise.futureResult)
        }
        guard !steps.isEmpty else { return eventLoop.makeSucceededFuture(bound) }
        handler.flush()
        let timer = eventLoop.scheduleTask(in: configuration.connectTimeout) {
            bound.value.handler.close(failing: .connectFailed("AUTH/SELECT got no answer within the connect timeout"))
        }
        return EventLoopFuture.whenAllSucceed(steps, on: eventLoop)
            .always { _ in timer.cancel() }
            .flatMapError { error in
                bound.value.handler.close(failing: .connectionClosed)
                if case RESPError.server(let message) = error {
                    return eventLoop.makeFailedFuture(RESPError.connectFailed("handshake refused: \(message)"))
                }
                return eventLoop.makeFailedFuture(error)
            }
            .map { _ in bound }
    }
}
