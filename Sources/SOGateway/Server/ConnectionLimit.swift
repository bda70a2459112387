/// The bound that refused or cut off a partner connection, or reset one of its HTTP/2 streams: the `limit`
/// label of `so_gateway_connections_refused_total`, `so_gateway_connections_cut_total` and
/// `so_gateway_h2_streams_reset_total`, and the `limit` of the log line.
///
/// Most are `limits.*` keys; the `h2_*_flood` and `h2_protocol_error` ones are swift-nio-http2's own
/// protections (docs/security.md lists which).
public enum ConnectionLimit: String, Sendable, CaseIterable {
    case handshakeTimeout = "handshake_timeout"
    case headerTimeout = "header_timeout"
    case bodyTimeout = "body_timeout"
    case idleTimeout = "idle_timeout"
    case maxConnections = "max_connections"
    case maxHeaderBytes = "max_header_bytes"
    case h2MaxConcurrentStreams = "h2_max_concurrent_streams"
    /// More RST_STREAM frames than the library allows in its window (rapid reset).
    case h2ResetFlood = "h2_reset_flood"
    /// More PING, SETTINGS or PRIORITY frames than the library allows in its window, or their answers
    /// piling up unread.
    case h2ControlFrameFlood = "h2_control_frame_flood"
    /// Empty DATA frames in a row.
    case h2EmptyDataFlood = "h2_empty_data_flood"
    /// Too many stream errors (or "glitches") on one connection.
    case h2StreamErrorFlood = "h2_stream_error_flood"
    /// Any other HTTP/2 connection error the library answered with GOAWAY (a bad preface, a frame that does
    /// not parse, a flow-control window pushed past 2^31-1, ...).
    case h2ProtocolError = "h2_protocol_error"
}
