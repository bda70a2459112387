import GatewayConfig
import NIOCore
import NIOEmbedded
import NIOHTTP2
import Testing
@testable import SOGateway

/// The HTTP/2 connection guard on its own, with virtual time: the connection deadlines (before the first
/// stream, idle, open header block), GOAWAY before close, closing after the library's own GOAWAY, and a
/// graceful drain.
@Suite("HTTP/2 connection guard (virtual time)")
struct HTTP2ConnectionGuardTests {
    static let limits = LimitsConfig(headerTimeout: .seconds(2), bodyTimeout: .seconds(2), idleTimeout: .seconds(3))

    func connected() throws -> (EmbeddedChannel, HTTP2ConnectionGuard, RecordingObserver) {
        let observer = RecordingObserver()
        let handler = HTTP2ConnectionGuard(limits: Self.limits, observer: observer)
        let channel = EmbeddedChannel()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.pipeline.syncOperations.addHandler(handler)
        return (channel, handler, observer)
    }

    func open(_ id: Int, on channel: EmbeddedChannel) {
        channel.pipeline.fireUserInboundEventTriggered(
            NIOHTTP2StreamCreatedEvent(streamID: HTTP2StreamID(id), localInitialWindowSize: 65535, remoteInitialWindowSize: 65535)
        )
    }

    func close(_ id: Int, on channel: EmbeddedChannel) {
        channel.pipeline.fireUserInboundEventTriggered(StreamClosedEvent(streamID: HTTP2StreamID(id), reason: nil))
    }

    /// The GOAWAY the guard wrote, as (last stream id, error code).
    func goAway(on channel: EmbeddedChannel) throws -> (HTTP2StreamID, HTTP2ErrorCode)? {
        guard let frame = try channel.readOutbound(as: HTTP2Frame.self),
              case .goAway(let last, let code, _) = frame.payload else { return nil }
        return (last, code)
    }

    @Test("Before its first stream a connection has header_timeout, then GOAWAY (NO_ERROR) and close")
    func noStreamYet() throws {
        let (channel, _, observer) = try connected()
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1900))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        #expect(!channel.isActive)
        let goAway = try #require(try goAway(on: channel))
        #expect(goAway.0 == .rootStream && goAway.1 == .noError)
        #expect(observer.cut == [.headerTimeout])
    }

    @Test("After its last stream closes a connection is idle: GOAWAY naming that stream, and close after idle_timeout")
    func idleAfterStreams() throws {
        let (channel, _, observer) = try connected()
        open(1, on: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(channel.isActive)  // a stream is open: the connection has no deadline of its own
        close(1, on: channel)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(2900))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        #expect(!channel.isActive)
        let goAway = try #require(try goAway(on: channel))
        #expect(goAway.0 == HTTP2StreamID(1) && goAway.1 == .noError)
        #expect(observer.cut == [.idleTimeout])
    }

    @Test("A header block open longer than header_timeout cuts the connection off although streams are open")
    func headerBlockTimesOut() throws {
        let (channel, handler, observer) = try connected()
        open(1, on: channel)
        handler.headerBlockOpened()
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1900))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        #expect(!channel.isActive)
        #expect(try goAway(on: channel)?.1 == .enhanceYourCalm)
        #expect(observer.cut == [.headerTimeout])
    }

    @Test("A header block that completes in time leaves the connection alone")
    func headerBlockCompletes() throws {
        let (channel, handler, _) = try connected()
        open(1, on: channel)
        handler.headerBlockOpened()
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        handler.headerBlockClosed()
        open(3, on: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(channel.isActive)
    }

    @Test("A connection error the library answered with GOAWAY closes the connection and names the limit")
    func libraryGoAwayCloses() throws {
        let (channel, handler, observer) = try connected()
        handler.wroteFrame(HTTP2Frame(streamID: .rootStream, payload: .goAway(lastStreamID: .maxID, errorCode: .enhanceYourCalm, opaqueData: nil)))
        channel.pipeline.fireErrorCaught(NIOHTTP2Errors.excessiveContinuationFrames())
        #expect(!channel.isActive)
        #expect(observer.cut == [.maxHeaderBytes])
    }

    @Test("A stream error (RST_STREAM, no GOAWAY) leaves the connection open")
    func streamErrorKeepsConnection() throws {
        let (channel, _, observer) = try connected()
        open(1, on: channel)
        channel.pipeline.fireErrorCaught(NIOHTTP2Errors.contentLengthViolated())
        #expect(channel.isActive)
        #expect(observer.cut.isEmpty)
    }

    @Test("A graceful shutdown sends GOAWAY at once and closes when the last open stream is done")
    func drainWaitsForStreams() throws {
        let (channel, _, observer) = try connected()
        open(1, on: channel)
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(try goAway(on: channel)?.1 == .noError)
        #expect(channel.isActive)
        close(1, on: channel)
        #expect(!channel.isActive)
        #expect(observer.cut.isEmpty)
    }

    @Test("Each connection error maps to the limit that names it in the metrics")
    func errorMapping() {
        #expect(ConnectionLimit(http2Error: NIOHTTP2Errors.excessivelyLargeHeaderBlock()) == .maxHeaderBytes)
        #expect(ConnectionLimit(http2Error: NIOHTTP2Errors.maxStreamsViolation()) == .h2MaxConcurrentStreams)
        #expect(ConnectionLimit(http2Error: NIOHTTP2Errors.excessiveRSTFrames()) == .h2ResetFlood)
        #expect(ConnectionLimit(http2Error: NIOHTTP2Errors.excessiveControlFrames()) == .h2ControlFrameFlood)
        #expect(ConnectionLimit(http2Error: NIOHTTP2Errors.excessiveEmptyDataFrames()) == .h2EmptyDataFlood)
        #expect(ConnectionLimit(http2Error: NIOHTTP2Errors.badClientMagic()) == .h2ProtocolError)
    }
}
