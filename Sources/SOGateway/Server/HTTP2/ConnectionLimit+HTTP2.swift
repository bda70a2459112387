import NIOHTTP2

extension ConnectionLimit {
    /// The limit behind a connection error swift-nio-http2 answered with GOAWAY.
    init(http2Error error: any Error) {
        switch error {
        case is NIOHTTP2Errors.ExcessivelyLargeHeaderBlock, is NIOHTTP2Errors.ExcessiveContinuationFrames:
            self = .maxHeaderBytes
        case is NIOHTTP2Errors.MaxStreamsViolation:
            self = .h2MaxConcurrentStreams
        case is NIOHTTP2Errors.ExcessiveRSTFrames:
            self = .h2ResetFlood
        case is NIOHTTP2Errors.ExcessiveControlFrames, is NIOHTTP2Errors.ExcessiveOutboundFrameBuffering:
            self = .h2ControlFrameFlood
        case is NIOHTTP2Errors.ExcessiveEmptyDataFrames:
            self = .h2EmptyDataFlood
        case is NIOHTTP2Errors.ExcessiveStreamErrors, is NIOHTTP2Errors.ExcessiveNumberOfGlitches:
            self = .h2StreamErrorFlood
        default:
            self = .h2ProtocolError
        }
    }
}
