import GatewayConfig
import NIOCore
import NIOEmbedded
import Testing
@testable import SOGateway

/// The HTTP/1 connection timeout guard on its own, with virtual time: the timer is re-armed lazily, so these
/// check that a deadline moved later does not close early, one moved earlier still fires on time, a request
/// being answered is never cut off, and each cut names its limit.
@Suite("Connection deadlines (virtual time)")
struct ConnectionDeadlineTests {
    static let limits = LimitsConfig(headerTimeout: .seconds(10), bodyTimeout: .seconds(30), idleTimeout: .seconds(75))

    /// A connected channel with the guard in front, as the listener builds it.
    func connected() throws -> (EmbeddedChannel, ConnectionDeadlineHandler, RecordingObserver) {
        let observer = RecordingObserver()
        let handler = ConnectionDeadlineHandler(limits: Self.limits, observer: observer)
        let channel = EmbeddedChannel(handler: handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, handler, observer)
    }

    func bytes(_ text: String, on channel: EmbeddedChannel) -> ByteBuffer {
        channel.allocator.buffer(string: text)
    }

    /// One whole request answered, leaving the connection idle.
    func serveOne(_ channel: EmbeddedChannel, _ handler: ConnectionDeadlineHandler) throws {
        try channel.writeInbound(bytes("GET / HTTP/1.1\r\n\r\n", on: channel))
        handler.progress(.headReceived)
        handler.progress(.requestReceived)
        handler.progress(.responseSent)
    }

    @Test("A new connection that never sends a request is closed after header_timeout, not idle_timeout")
    func silentNewConnection() throws {
        let (channel, _, observer) = try connected()
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
        #expect(observer.cut == [.headerTimeout])
    }

    @Test("The first request's head must be complete header_timeout after the connection opened; a late first byte does not restart it")
    func firstHeadKeepsConnectionDeadline() throws {
        let (channel, _, _) = try connected()
        channel.embeddedEventLoop.advanceTime(by: .seconds(8))
        try channel.writeInbound(bytes("GET / HT", on: channel))
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(!channel.isActive)
    }

    @Test("An idle connection after an answer closes after idle_timeout, not before")
    func idle() throws {
        let (channel, handler, observer) = try connected()
        try serveOne(channel, handler)
        channel.embeddedEventLoop.advanceTime(by: .seconds(74))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
        #expect(observer.cut == [.idleTimeout])
    }

    @Test("A later head arriving in pieces moves the deadline earlier: header_timeout fires although idle_timeout is later")
    func partialHeadFiresEarly() throws {
        let (channel, handler, observer) = try connected()
        try serveOne(channel, handler)
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        try channel.writeInbound(bytes("GET / HT", on: channel))
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
        #expect(observer.cut == [.headerTimeout])
    }

    @Test("While a request is answered nothing fires, however long it takes")
    func processingNeverCloses() throws {
        let (channel, handler, _) = try connected()
        try channel.writeInbound(bytes("GET / HTTP/1.1\r\n\r\n", on: channel))
        handler.progress(.headReceived)
        handler.progress(.requestReceived)
        channel.embeddedEventLoop.advanceTime(by: .seconds(600))
        #expect(channel.isActive)
    }

    @Test("After an answer the idle deadline moves later: the earlier timer sleeps again instead of closing")
    func idleMovesLater() throws {
        let (channel, handler, _) = try connected()
        try serveOne(channel, handler)
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        try serveOne(channel, handler)
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
        let (channel, handler, observer) = try connected()
        try channel.writeInbound(bytes("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n", on: channel))
        handler.progress(.headReceived)
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
        #expect(observer.cut == [.bodyTimeout])
    }
}
