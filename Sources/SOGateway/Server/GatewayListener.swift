import GatewayConfig
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL

/// The partner-facing listener: accepts connections up to `max_connections` and gives each the pipeline
/// deadline guard → HTTP/1 codec (with header limits) → gateway handler; with TLS, a handshake deadline runs
/// from accept until ALPN has chosen, and HTTP/2 connections get their own guards (connection deadlines and
/// flood limits, per-stream body deadlines) with the same gateway handler on each stream behind an
/// HTTP/2-to-HTTP/1 codec.
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
                let snapshot = source.current(on: channel.eventLoop)
                guard counter.tryOpen(channel, limit: snapshot.limits.maxConnections) else {
                    snapshot.observer.connectionRefused(.maxConnections)
                    return channel.close()
                }
                snapshot.observer.connectionOpened()
                channel.closeFuture.whenComplete { _ in
                    counter.close(channel)
                    snapshot.observer.connectionClosed()
                }
                guard let tls else {
                    return channel.eventLoop.makeCompletedFuture {
                        try configureHTTP1(channel.pipeline.syncOperations, snapshot: snapshot, source: source, isTLS: false)
                    }
                }
                return configureTLS(channel, context: tls.current, snapshot: snapshot, source: source)
            }
            .bind(host: host, port: port)
            .get()
    }

    /// The per-connection HTTP/1 pipeline.
    static func configureHTTP1(
        _ pipeline: ChannelPipeline.SynchronousOperations, snapshot: GatewaySnapshot, source: SnapshotSource, isTLS: Bool
    ) throws {
        let limits = snapshot.limits
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderListSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldCount = limits.maxHeaderCount
        let deadlines = ConnectionDeadlineHandler(limits: limits, observer: snapshot.observer)
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

    /// The handshake deadline, TLS, then ALPN: `h2` gets the HTTP/2 pipeline, `http/1.1` (or no ALPN) the
    /// HTTP/1 one; either way the handshake deadline ends once that pipeline is in place.
    static func configureTLS(
        _ channel: any Channel, context: NIOSSLContext, snapshot: GatewaySnapshot, source: SnapshotSource
    ) -> EventLoopFuture<Void> {
        let handshake = HandshakeDeadlineHandler(timeout: snapshot.limits.handshakeTimeout, observer: snapshot.observer)
        do {
            try channel.pipeline.syncOperations.addHandler(handshake)
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let pending = NIOLoopBound(handshake, eventLoop: channel.eventLoop)
        return channel.configureHTTP2SecureUpgrade(
            h2ChannelConfigurator: { connection in
                connection.eventLoop.makeCompletedFuture {
                    try configureHTTP2(connection, snapshot: snapshot, source: source)
                    pending.value.finished()
                }
            },
            http1ChannelConfigurator: { connection in
                connection.eventLoop.makeCompletedFuture {
                    try configureHTTP1(connection.pipeline.syncOperations, snapshot: snapshot, source: source, isTLS: true)
                    pending.value.finished()
                }
            }
        )
    }

    /// The per-connection HTTP/2 pipeline: header-block watch → NIOHTTP2Handler (limits advertised in
    /// SETTINGS, the library's flood limits at their defaults, see docs/security.md) → stream multiplexer →
    /// connection guard; each stream: body deadline → HTTP/2-to-HTTP/1 codec → gateway handler.
    static func configureHTTP2(_ channel: any Channel, snapshot: GatewaySnapshot, source: SnapshotSource) throws {
        let limits = snapshot.limits
        let observer = snapshot.observer
        let connectionGuard = HTTP2ConnectionGuard(limits: limits, observer: observer)
        var connection = NIOHTTP2Handler.ConnectionConfiguration()
        connection.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: limits.h2MaxConcurrentStreams),
            HTTP2Setting(parameter: .maxHeaderListSize, value: min(limits.maxHeaderBytes, Int(UInt32.max))),
        ]
        let sync = channel.pipeline.syncOperations
        try sync.addHandler(HTTP2HeaderBlockWatch(connection: connectionGuard))
        try sync.addHandler(NIOHTTP2Handler(mode: .server, frameDelegate: connectionGuard, connectionConfiguration: connection))
        try sync.addHandler(
            HTTP2StreamMultiplexer(
                mode: .server, channel: channel, targetWindowSize: 65535, outboundBufferSizeHighWatermark: 8196,
                outboundBufferSizeLowWatermark: 4092
            ) { stream in
                stream.eventLoop.makeCompletedFuture {
                    let sync = stream.pipeline.syncOperations
                    try sync.addHandler(HTTP2StreamDeadlineHandler(bodyTimeout: limits.bodyTimeout, observer: observer))
                    try sync.addHandler(HTTP2FramePayloadToHTTP1ServerCodec())
                    try sync.addHandler(GatewayHTTPHandler(source: source, isTLS: true))
                }
            }
        )
        try sync.addHandler(connectionGuard)
    }
}
