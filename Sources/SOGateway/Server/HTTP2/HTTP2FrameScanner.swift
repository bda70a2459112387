import NIOCore

/// Follows HTTP/2 frame boundaries in the bytes a client sends, reading only the connection preface and the
/// 9-byte frame headers, to tell when a header block is open: from a HEADERS (or PUSH_PROMISE) frame's first
/// byte until the frame carrying END_HEADERS (itself, or the last CONTINUATION) has fully arrived.
///
/// swift-nio-http2 creates a stream only once its header block is complete and reports nothing about partial
/// frames, so a block trickled frame by frame, or byte by byte, is invisible above it. This is hand-written
/// for that one purpose: it never interprets payloads, and anything malformed is left for the library's own
/// parser to refuse.
struct HTTP2FrameScanner {
    /// What one scan changed about the open header block.
    enum Change: Equatable {
        case none
        /// A new block began and is still open at the end of the bytes scanned.
        case blockOpened
        /// The block open before the scan is complete, and no new one is open.
        case blockClosed
    }

    private static let prefaceLength = 24
    private static let headers: UInt8 = 0x1
    private static let pushPromise: UInt8 = 0x5
    private static let continuation: UInt8 = 0x9
    private static let endHeaders: UInt8 = 0x4

    private var prefaceLeft = Self.prefaceLength
    private var headerBytesRead = 0
    private var length = 0
    private var type: UInt8 = 0
    private var flags: UInt8 = 0
    private var payloadLeft = 0
    /// The frame being read carries END_HEADERS for the open block.
    private var frameEndsBlock = false
    /// True while a header block has begun and not ended.
    private(set) var blockOpen = false

    /// Scans the next bytes the client sent.
    mutating func scan(_ bytes: ByteBuffer) -> Change {
        let wasOpen = blockOpen
        var opened = false
        bytes.withUnsafeReadableBytes { raw in
            var index = 0
            while index < raw.count {
                if prefaceLeft > 0 {
                    let take = min(prefaceLeft, raw.count - index)
                    prefaceLeft -= take
                    index += take
                } else if payloadLeft > 0 {
                    let take = min(payloadLeft, raw.count - index)
                    payloadLeft -= take
                    index += take
                    if payloadLeft == 0 { frameComplete() }
                } else {
                    readHeaderByte(raw[index], opened: &opened)
                    index += 1
                }
            }
        }
        if blockOpen && opened { return .blockOpened }
        if wasOpen && !blockOpen { return .blockClosed }
        return .none
    }

    private mutating func readHeaderByte(_ byte: UInt8, opened: inout Bool) {
        switch headerBytesRead {
        case 0: length = Int(byte) << 16
        case 1: length |= Int(byte) << 8
        case 2: length |= Int(byte)
        case 3: type = byte
        case 4: flags = byte
        default: break  // the stream id: not needed
        }
        headerBytesRead += 1
        guard headerBytesRead == 9 else { return }
        headerBytesRead = 0
        switch type {
        case Self.headers, Self.pushPromise:
            blockOpen = true
            opened = true
            frameEndsBlock = flags & Self.endHeaders != 0
        case Self.continuation:
            frameEndsBlock = flags & Self.endHeaders != 0
        default:
            frameEndsBlock = false
        }
        payloadLeft = length
        if length == 0 { frameComplete() }
    }

    private mutating func frameComplete() {
        if frameEndsBlock {
            blockOpen = false
            frameEndsBlock = false
        }
    }
}
