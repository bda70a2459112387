import NIOCore
import NIOHPACK

/// Raw HTTP/2 frames written by the tests themselves, so a test can send what no well-behaved client would
/// (a header block that never ends, a reset flood, a missing body), and a reader for the gateway's frames.
enum H2 {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    enum FrameType: UInt8 {
        case data = 0x0, headers = 0x1, rstStream = 0x3, settings = 0x4, ping = 0x6, goAway = 0x7, windowUpdate = 0x8,
             continuation = 0x9
    }

    static let endStream: UInt8 = 0x1
    static let ack: UInt8 = 0x1
    static let endHeaders: UInt8 = 0x4

    struct Frame {
        var type: UInt8
        var flags: UInt8
        var stream: UInt32
        var payload: [UInt8]

        /// The error code of a GOAWAY or RST_STREAM frame.
        var errorCode: UInt32? {
            switch type {
            case FrameType.goAway.rawValue where payload.count >= 8: return H2.uint32(payload, at: 4)
            case FrameType.rstStream.rawValue where payload.count >= 4: return H2.uint32(payload, at: 0)
            default: return nil
            }
        }
    }

    static func frame(_ type: FrameType, flags: UInt8 = 0, stream: UInt32 = 0, payload: [UInt8] = []) -> [UInt8] {
        let length = payload.count
        return [UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type.rawValue, flags]
            + bytes(of: stream & 0x7FFF_FFFF) + payload
    }

    /// The client's connection start: preface and an empty SETTINGS frame.
    static let start = preface + frame(.settings)

    static func settingsAck() -> [UInt8] { frame(.settings, flags: ack) }
    static func ping(_ n: UInt64 = 0) -> [UInt8] { frame(.ping, payload: (0..<8).map { UInt8(n >> (8 * $0) & 0xFF) }) }
    static func rstStream(_ stream: UInt32, code: UInt32 = 0x8) -> [UInt8] { frame(.rstStream, stream: stream, payload: bytes(of: code)) }
    static func windowUpdate(_ stream: UInt32, increment: UInt32) -> [UInt8] {
        frame(.windowUpdate, stream: stream, payload: bytes(of: increment))
    }

    static func data(_ stream: UInt32, _ body: [UInt8], endStream: Bool) -> [UInt8] {
        frame(.data, flags: endStream ? Self.endStream : 0, stream: stream, payload: body)
    }

    /// A request's HEADERS frame; the block is HPACK literals without indexing, so every block stands alone.
    static func headers(_ stream: UInt32, _ fields: [(String, String)], endStream: Bool, endHeaders: Bool = true) -> [UInt8] {
        frame(
            .headers, flags: (endStream ? Self.endStream : 0) | (endHeaders ? Self.endHeaders : 0), stream: stream,
            payload: block(fields)
        )
    }

    static func continuation(_ stream: UInt32, payload: [UInt8], endHeaders: Bool) -> [UInt8] {
        frame(.continuation, flags: endHeaders ? Self.endHeaders : 0, stream: stream, payload: payload)
    }

    /// The pseudo-headers and key of a gateway request.
    static func request(_ method: String, _ path: String, key: String = TestKeys.partnerA, extra: [(String, String)] = []) -> [(String, String)] {
        [(":method", method), (":scheme", "https"), (":path", path), (":authority", "127.0.0.1"), ("x-api-key", key)] + extra
    }

    /// HPACK "literal header field without indexing — new name" for each field.
    static func block(_ fields: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in fields {
            out.append(0x00)
            out += string(name)
            out += string(value)
        }
        return out
    }

    /// The complete frames in `bytes`, in order (a partial last frame is left out).
    static func frames(in bytes: [UInt8]) -> [Frame] {
        var frames: [Frame] = []
        var index = 0
        while bytes.count - index >= 9 {
            let length = Int(bytes[index]) << 16 | Int(bytes[index + 1]) << 8 | Int(bytes[index + 2])
            guard bytes.count - index - 9 >= length else { break }
            frames.append(Frame(
                type: bytes[index + 3], flags: bytes[index + 4], stream: uint32(bytes, at: index + 5) & 0x7FFF_FFFF,
                payload: Array(bytes[(index + 9)..<(index + 9 + length)])
            ))
            index += 9 + length
        }
        return frames
    }

    /// The `:status` of each stream's response HEADERS, decoded in order with one HPACK decoder (the gateway's
    /// encoder indexes, so blocks depend on the ones before).
    static func statuses(in frames: [Frame]) -> [UInt32: String] {
        var decoder = HPACKDecoder(allocator: ByteBufferAllocator())
        var result: [UInt32: String] = [:]
        for frame in frames where frame.type == FrameType.headers.rawValue {
            var block = ByteBuffer(bytes: frame.payload)
            guard let headers = try? decoder.decodeHeaders(from: &block) else { continue }
            if let status = headers.first(name: ":status") { result[frame.stream] = status }
        }
        return result
    }

    /// The gateway's SETTINGS values, by identifier.
    static func settings(in frames: [Frame]) -> [UInt16: UInt32] {
        var result: [UInt16: UInt32] = [:]
        for frame in frames where frame.type == FrameType.settings.rawValue && frame.flags & ack == 0 {
            var index = 0
            while index + 6 <= frame.payload.count {
                result[UInt16(frame.payload[index]) << 8 | UInt16(frame.payload[index + 1])] = uint32(frame.payload, at: index + 2)
                index += 6
            }
        }
        return result
    }

    static func goAway(in bytes: [UInt8]) -> Frame? {
        frames(in: bytes).first { $0.type == FrameType.goAway.rawValue }
    }

    private static func string(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return integer(bytes.count) + bytes
    }

    /// An HPACK integer with a 7-bit prefix (Huffman flag off).
    private static func integer(_ value: Int) -> [UInt8] {
        guard value >= 127 else { return [UInt8(value)] }
        var rest = value - 127
        var out: [UInt8] = [127]
        while rest >= 128 {
            out.append(UInt8(rest & 0x7F | 0x80))
            rest >>= 7
        }
        out.append(UInt8(rest))
        return out
    }

    private static func bytes(of value: UInt32) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func uint32(_ bytes: [UInt8], at index: Int) -> UInt32 {
        UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8 | UInt32(bytes[index + 3])
    }
}
