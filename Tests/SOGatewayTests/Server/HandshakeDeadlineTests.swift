import NIOCore
import NIOEmbedded
import Testing
@testable import SOGateway

/// The deadline from accept to a finished TLS handshake and ALPN, with virtual time.
@Suite("Handshake deadline (virtual time)")
struct HandshakeDeadlineTests {
    func connected(timeout: TimeAmount) throws -> (EmbeddedChannel, HandshakeDeadlineHandler, RecordingObserver) {
        let observer = RecordingObserver()
        let handler = HandshakeDeadlineHandler(timeout: timeout, observer: observer)
        let channel = EmbeddedChannel(handler: handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, handler, observer)
    }

    @Test("A connection whose handshake is not done within handshake_timeout is closed and counted")
    func silentHandshakeIsClosed() throws {
        let (channel, _, observer) = try connected(timeout: .seconds(2))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1900))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(200))
        #expect(!channel.isActive)
        #expect(observer.cut == [.handshakeTimeout])
    }

    @Test("Bytes trickling in do not extend the handshake deadline")
    func tricklingDoesNotExtend() throws {
        let (channel, _, _) = try connected(timeout: .seconds(2))
        for _ in 0..<3 {
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
            try channel.writeInbound(channel.allocator.buffer(bytes: [0x16]))
        }
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(300))
        #expect(!channel.isActive)
    }

    @Test("Once ALPN's pipeline is in place the handshake deadline is gone and the handler leaves the pipeline")
    func finishedDisarms() throws {
        let (channel, handler, observer) = try connected(timeout: .seconds(2))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        handler.finished()
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        #expect(observer.cut.isEmpty)
        #expect(throws: (any Error).self) { try channel.pipeline.syncOperations.context(handlerType: HandshakeDeadlineHandler.self) }
    }
}
