import NIOCore

/// Bounds on what a client connection may send and how long it may take, so slow or oversized requests
/// cannot tie up the gateway.
public struct LimitsConfig: Sendable, Equatable {
    /// Largest request body, in bytes.
    public var maxBody: Int
    /// Largest total size of request headers, in bytes; over HTTP/2 also the largest header block
    /// (HEADERS with its CONTINUATION frames).
    public var maxHeaderBytes: Int
    /// Most request header fields.
    public var maxHeaderCount: Int
    /// Longest request target (path and query), in bytes.
    public var maxTargetLength: Int
    /// Time allowed to receive the request head (on a new connection: from when it is ready for requests).
    public var headerTimeout: TimeAmount
    /// Time allowed to receive the request body.
    public var bodyTimeout: TimeAmount
    /// How long an idle keep-alive connection stays open.
    public var idleTimeout: TimeAmount
    /// Most client connections open at once.
    public var maxConnections: Int
    /// Largest request body after gunzip, in bytes.
    public var maxDecompressedBody: Int
    /// Time allowed from accept until the TLS handshake and ALPN are done.
    public var handshakeTimeout: TimeAmount
    /// Most HTTP/2 streams a partner may have open on one connection (advertised in SETTINGS).
    public var h2MaxConcurrentStreams: Int

    /// Creates limits with the documented defaults.
    public init(
        maxBody: Int = 1 << 20,
        maxHeaderBytes: Int = 16 << 10,
        maxHeaderCount: Int = 100,
        maxTargetLength: Int = 8 << 10,
        headerTimeout: TimeAmount = .seconds(10),
        bodyTimeout: TimeAmount = .seconds(30),
        idleTimeout: TimeAmount = .seconds(75),
        maxConnections: Int = 10_000,
        maxDecompressedBody: Int = 8 << 20,
        handshakeTimeout: TimeAmount? = nil,
        h2MaxConcurrentStreams: Int = 100
    ) {
        self.maxBody = maxBody
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxTargetLength = maxTargetLength
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.maxDecompressedBody = maxDecompressedBody
        self.handshakeTimeout = handshakeTimeout ?? headerTimeout
        self.h2MaxConcurrentStreams = h2MaxConcurrentStreams
    }
}

extension LimitsConfig {
    /// Reads the `limits` block.
    static func read(from block: MappingReader) -> LimitsConfig {
        let defaults = LimitsConfig()
        let headerTimeout = block.duration("header_timeout", default: defaults.headerTimeout, positive: true)
        let result = LimitsConfig(
            maxBody: block.size("max_body", default: defaults.maxBody, minimum: 0),
            maxHeaderBytes: block.size("max_header_bytes", default: defaults.maxHeaderBytes),
            maxHeaderCount: block.int("max_header_count", default: defaults.maxHeaderCount, in: 1...Int.max),
            maxTargetLength: block.size("max_target_length", default: defaults.maxTargetLength),
            headerTimeout: headerTimeout,
            bodyTimeout: block.duration("body_timeout", default: defaults.bodyTimeout, positive: true),
            idleTimeout: block.duration("idle_timeout", default: defaults.idleTimeout, positive: true),
            maxConnections: block.int("max_connections", default: defaults.maxConnections, in: 1...Int.max),
            maxDecompressedBody: block.size("max_decompressed_body", default: defaults.maxDecompressedBody, minimum: 0),
            handshakeTimeout: block.duration("handshake_timeout", default: headerTimeout, positive: true),
            h2MaxConcurrentStreams: block.int(
                "h2_max_concurrent_streams", default: defaults.h2MaxConcurrentStreams, in: 1...Int(Int32.max)
            )
        )
        block.finish()
        return result
    }
}
