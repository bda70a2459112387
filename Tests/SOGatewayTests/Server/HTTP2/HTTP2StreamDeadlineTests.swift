import NIOCore
import NIOEmbedded
import NIOHPACK
import NIOHTTP2
import Testing
@testable import SOGateway

/// One HTTP/2 stream's body deadline on its own, with virtual time.
@Suite("HTTP/2 stream deadline (virtual time)")
struct HTTP2StreamDeadlineTests {
    func stream() throws -> (EmbeddedChannel, RecordingObserver) {
        let observer = RecordingObserver()
        let channel = EmbeddedChannel(handler: HTTP2StreamDeadlineHandler(bodyTimeout: .seconds(2), observer: observer))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, observer)
    }

    func head(endStream: Bool) -> HTTP2Frame.FramePayload {
        .headers(.init(headers: HPACKHeaders([(":method", "PUT"), (":path", "/api/v1/Contact/5")]), endStream: endStream))
    }

    @Test("A stream whose body has not ended body_timeout after its head is closed (RST_STREAM) and counted")
    func missingBodyIsReset() throws {
        let (channel, observer) = try stream()
        try channel.writeInbound(head(endStream: false))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1500))
        try channel.writeInbound(HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(ByteBuffer(string: "{")), endStream: false)))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
        #expect(!channel.isActive)
        #expect(observer.reset == [.bodyTimeout])
    }

    @Test("A body that ends in time, or a request that ends with its head, is never reset")
    func endedInTime() throws {
        let (withBody, observer) = try stream()
        try withBody.writeInbound(head(endStream: false))
        try withBody.writeInbound(HTTP2Frame.FramePayload.data(.init(data: .byteBuffer(ByteBuffer(string: "{}")), endStream: true)))
        withBody.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(withBody.isActive)
        let (get, _) = try stream()
        try get.writeInbound(head(endStream: true))
        get.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(get.isActive)
        #expect(observer.reset.isEmpty)
    }
}
