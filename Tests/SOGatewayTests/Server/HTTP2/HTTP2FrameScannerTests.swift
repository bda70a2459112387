import NIOCore
import Testing
@testable import SOGateway

/// The frame-boundary scanner that tells the HTTP/2 connection guard when a header block is open.
@Suite("HTTP/2 frame scanner")
struct HTTP2FrameScannerTests {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// One raw frame: 9-byte header, then the payload.
    static func frame(type: UInt8, flags: UInt8 = 0, stream: UInt32 = 1, payload: Int) -> [UInt8] {
        [UInt8(payload >> 16 & 0xFF), UInt8(payload >> 8 & 0xFF), UInt8(payload & 0xFF), type, flags,
         UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)]
            + Array(repeating: 0x41, count: payload)
    }

    static let settings = frame(type: 0x4, stream: 0, payload: 6)
    static let headersOpen = frame(type: 0x1, payload: 20)
    static let headersComplete = frame(type: 0x1, flags: 0x4 | 0x1, payload: 20)
    static let continuation = frame(type: 0x9, payload: 135)
    static let continuationLast = frame(type: 0x9, flags: 0x4, payload: 10)

    func scan(_ scanner: inout HTTP2FrameScanner, _ bytes: [UInt8]) -> HTTP2FrameScanner.Change {
        scanner.scan(ByteBuffer(bytes: bytes))
    }

    @Test("HEADERS without END_HEADERS opens a block; CONTINUATION frames keep it open until the one with END_HEADERS")
    func continuationSequence() {
        var scanner = HTTP2FrameScanner()
        #expect(scan(&scanner, Self.preface + Self.settings) == .none)
        #expect(scan(&scanner, Self.headersOpen) == .blockOpened)
        #expect(scan(&scanner, Self.continuation + Self.continuation) == .none)
        #expect(scanner.blockOpen)
        #expect(scan(&scanner, Self.continuationLast) == .blockClosed)
        #expect(!scanner.blockOpen)
    }

    @Test("A complete HEADERS frame arriving in one piece changes nothing")
    func completeHeadersInOneRead() {
        var scanner = HTTP2FrameScanner()
        #expect(scan(&scanner, Self.preface + Self.settings + Self.headersComplete + Self.settings) == .none)
        #expect(!scanner.blockOpen)
    }

    @Test("A HEADERS frame trickled byte by byte is open from its first header byte until its last payload byte")
    func trickledHeadersFrame() {
        var scanner = HTTP2FrameScanner()
        _ = scan(&scanner, Self.preface)
        var changes: [HTTP2FrameScanner.Change] = []
        for byte in Self.headersComplete {
            changes.append(scan(&scanner, [byte]))
        }
        #expect(changes.filter { $0 != .none } == [.blockOpened, .blockClosed])
        // Opened once the 9-byte header is complete, closed with the frame's last byte.
        #expect(changes[8] == .blockOpened)
        #expect(changes.last == .blockClosed)
    }

    @Test("The preface split across reads is skipped; DATA, PING and SETTINGS frames never open a block")
    func otherFramesNeverOpen() {
        var scanner = HTTP2FrameScanner()
        #expect(scan(&scanner, Array(Self.preface[0..<10])) == .none)
        #expect(scan(&scanner, Array(Self.preface[10...]) + Self.settings) == .none)
        let data = Self.frame(type: 0x0, flags: 0x1, payload: 100)
        let ping = Self.frame(type: 0x6, stream: 0, payload: 8)
        #expect(scan(&scanner, data + ping + Self.settings) == .none)
        #expect(!scanner.blockOpen)
    }

    @Test("A block that ends and a new one that starts in the same read count as newly opened")
    func closeAndReopenInOneRead() {
        var scanner = HTTP2FrameScanner()
        _ = scan(&scanner, Self.preface)
        #expect(scan(&scanner, Self.headersOpen) == .blockOpened)
        #expect(scan(&scanner, Self.continuationLast + Self.frame(type: 0x1, stream: 3, payload: 5)) == .blockOpened)
        #expect(scanner.blockOpen)
    }
}
