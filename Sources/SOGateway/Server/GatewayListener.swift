import GatewayConfig
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL

/// The partner-facing listener: accepts connections up to `max_connections` and gives each the pipeline
/// deadline guard → HTTP/1 codec (with header limits) → gateway handler; with TLS, ALPN offers HTTP/2 and
/// each HTTP/2 stream gets the same gateway handler behind an HTTP/2-to-HTTP/1 codec.
public enum GatewayListener {
    /// Binds and returns the server channel. `quiesce` lets shutdown stop accepting and let in-flight
    /// requests finish before connections close.
    public static func bind(
        host: String, port: Int, group: any EventLoopGroup, source: SnapshotSource, counter: ConnectionCounter,
        tls: TLSContextSource? = nil, quiesce: ServerQuiescingHelper? = nil
    ) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                guard let quiesce else { return channel.eventLoop.makeSucceededVoidFuture() }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiesce.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                let snapshot = source.current
                guard counter.tryOpen(channel, limit: snapshot.limits.maxConnections) else {
                    return channel.close()
                }
                snapshot.observer.connectionOpened()
                channel.closeFuture.whenComplete { _ in
                    counter.close(channel)
                    snapshot.observer.connectionClosed()
                }
                guard let tls else {
                    return channel.eventLoop.makeCompletedFuture {
                        try configureHTTP1(channel.pipeline.syncOperations, limits: snapshot.limits, source: source, isTLS: false)
                    }
                }
                return configureTLS(channel, context: tls.current, limits: snapshot.limits, source: source)
            }
            .bind(host: host, port: port)
            .get()
    }

    /// The per-connection HTTP/1 pipeline.
    static func configureHTTP1(
        _ pipeline: ChannelPipeline.SynchronousOperations, limits: LimitsConfig, source: SnapshotSource, isTLS: Bool
    ) throws {
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderListSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldCount = limits.maxHeaderCount
        let deadlines = ConnectionDeadlineHandler(limits: limits)
        try pipeline.addHandler(deadlines)
        try pipeline.configureHTTPServerPipeline(
            // Pipelining is handled by GatewayHTTPHandler itself (see there for why).
            withPipeliningAssistance: false,
            withErrorHandling: false,
            // Response headers come from NIO's validating decoder (upstream) or from the gateway itself.
            withOutboundHeaderValidation: false,
            withEncoderConfiguration: .init(),
            withDecoderLimitConfiguration: decoderLimits
        )
        try pipeline.addHandler(GatewayHTTPHandler(source: source, isTLS: isTLS, deadlines: deadlines))
    }

    /// TLS, then ALPN: `h2` gets an HTTP/2 connection whose streams each run the gateway handler,
    /// `http/1.1` (or no ALPN) gets the HTTP/1 pipeline.
    static func configureTLS(
        _ channel: any Channel, context: NIOSSLContext, limits: LimitsConfig, source: SnapshotSource
    ) -> EventLoopFuture<Void> {
        do {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return channel.configureHTTP2SecureUpgrade(
            h2ChannelConfigurator: { connection in
                connection.configureHTTP2Pipeline(mode: .server) { stream in
                    stream.eventLoop.makeCompletedFuture {
                        let sync = stream.pipeline.syncOperations
                        try sync.addHandler(HTTP2FramePayloadToHTTP1ServerCodec())
                        try sync.addHandler(GatewayHTTPHandler(source: source, isTLS: true))
                    }
                }.map { _ in () }
            },
            http1ChannelConfigurator: { connection in
                connection.eventLoop.makeCompletedFuture {
                    try configureHTTP1(connection.pipeline.syncOperations, limits: limits, source: source, isTLS: true)
                }
            }
        )
    }
}
