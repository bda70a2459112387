import CompressNIO
import NIOCore

/// gzip helpers for tests that must read (or build) compressed bodies without their own zlib dependency.
public enum StandInGzip {
    /// Why a gzip body was refused.
    public struct Failure: Error, Equatable {
        public var message: String
    }

    /// Decompresses one complete gzip member, so truncated or corrupt input throws instead of yielding a silently
    /// short result. zlib checks the trailer (CRC-32 and length) when it reaches it; one byte appended after the
    /// input shows whether it did: a complete member leaves exactly that byte unread, a cut one consumes it.
    public static func decompress(_ bytes: [UInt8], maxSize: Int = 64 * 1024 * 1024) throws -> [UInt8] {
        guard bytes.count >= 18, bytes[0] == 0x1F, bytes[1] == 0x8B else { throw Failure(message: "Not a gzip stream") }
        var buffer = ByteBuffer(bytes: bytes)
        buffer.writeInteger(UInt8(0))
        let output = try buffer.decompress(with: .gzip(), maxSize: maxSize)
        guard buffer.readableBytes == 1 else { throw Failure(message: "The gzip stream is truncated or has trailing bytes") }
        return Array(output.readableBytesView)
    }

    /// Compresses bytes as one gzip stream.
    public static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        var buffer = ByteBuffer(bytes: bytes)
        let output = try buffer.compress(with: .gzip())
        return Array(output.readableBytesView)
    }
}
