import GatewayConfig
import NIOCore
import NIOEmbedded
import Testing
@testable import SOGateway

/// The connection timeout guard on its own, with virtual time: the timer is re-armed lazily, so these
/// check that a deadline moved later does not close early, one moved earlier still fires on time, and a
/// request being answered is never cut off.
@Suite("Connection deadlines (virtual time)")
struct ConnectionDeadlineTests {
    static let limits = LimitsConfig(headerTimeout: .seconds(10), bodyTimeout: .seconds(30), idleTimeout: .seconds(75))

    /// A connected channel with the guard in front, as the listener builds it.
    func connected() throws -> (EmbeddedChannel, ConnectionDeadlineHandler) {
        let handler = ConnectionDeadlineHandler(limits: Self.limits)
        let channel = EmbeddedChannel(handler: handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, handler)
    }

    func bytes(_ text: String, on channel: EmbeddedChannel) -> ByteBuffer {
        channel.allocator.buffer(string: text)
    }

    @Test("An idle connection closes after idle_timeout, not before")
    func idle() throws {
        let (channel, _) = try connected()
        channel.embeddedEventLoop.advanceTime(by: .seconds(74))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test("A head arriving in pieces moves the deadline earlier: header_timeout fires although idle_timeout is later")
    func partialHeadFiresEarly() throws {
        let (channel, _) = try connected()
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        try channel.writeInbound(bytes("GET / HT", on: channel))
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test("While a request is answered nothing fires, however long it takes")
    func processingNeverCloses() throws {
        let (channel, handler) = try connected()
        try channel.writeInbound(bytes("GET / HTTP/1.1\r\n\r\n", on: channel))
        handler.progress(.headReceived)
        handler.progress(.requestReceived)
        channel.embeddedEventLoop.advanceTime(by: .seconds(600))
        #expect(channel.isActive)
    }

    @Test("After an answer the idle deadline moves later: the earlier timer sleeps again instead of closing")
    func idleMovesLater() throws {
        let (channel, handler) = try connected()
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        try channel.writeInbound(bytes("GET / HTTP/1.1\r\n\r\n", on: channel))
        handler.progress(.headReceived)
        handler.progress(.requestReceived)
        handler.progress(.responseSent)
        // The first idle deadline (75 s) passes; the connection was busy at 60 s, so it stays open.
        channel.embeddedEventLoop.advanceTime(by: .seconds(20))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(54))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test("A body that stops arriving is cut off body_timeout after the head")
    func slowBody() throws {
        let (channel, handler) = try connected()
        try channel.writeInbound(bytes("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n", on: channel))
        handler.progress(.headReceived)
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }
}
