import NIOCore
import NIOHTTP1
import NIOPosix

/// The partner-facing listener: accepts connections up to `max_connections` and gives each the pipeline
/// deadline guard → HTTP/1 codec (with header limits) → gateway handler.
public enum GatewayListener {
    /// Binds and returns the server channel; close it to stop accepting.
    public static func bind(
        host: String, port: Int, group: any EventLoopGroup, source: SnapshotSource, counter: ConnectionCounter
    ) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                let snapshot = source.current
                guard counter.tryOpen(limit: snapshot.limits.maxConnections) else {
                    return channel.close()
                }
                snapshot.observer.connectionOpened()
                channel.closeFuture.whenComplete { _ in
                    counter.close()
                    snapshot.observer.connectionClosed()
                }
                return channel.eventLoop.makeCompletedFuture {
                    try configure(channel.pipeline.syncOperations, limits: snapshot.limits, source: source, isTLS: false)
                }
            }
            .bind(host: host, port: port)
            .get()
    }

    /// The per-connection HTTP/1 pipeline, shared with the TLS listener.
    static func configure(
        _ pipeline: ChannelPipeline.SynchronousOperations, limits: ServerLimits, source: SnapshotSource, isTLS: Bool
    ) throws {
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderListSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldCount = limits.maxHeaderCount
        try pipeline.addHandler(ConnectionDeadlineHandler(limits: limits))
        try pipeline.configureHTTPServerPipeline(
            withPipeliningAssistance: true,
            withErrorHandling: false,
            withDecoderLimitConfiguration: decoderLimits
        )
        try pipeline.addHandler(GatewayHTTPHandler(source: source, isTLS: isTLS))
    }
}
