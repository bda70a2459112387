import CompressNIO
import NIOCore

/// gzip helpers for tests that must read (or build) compressed bodies without their own zlib dependency.
public enum StandInGzip {
    /// Why a gzip body was refused.
    public struct Failure: Error, Equatable {
        public var message: String
    }

    /// Decompresses one complete gzip member and checks its trailer (CRC-32 and length), so truncated or
    /// corrupt input throws instead of yielding a silently short result.
    public static func decompress(_ bytes: [UInt8], maxSize: Int = 64 * 1024 * 1024) throws -> [UInt8] {
        guard bytes.count >= 18, bytes[0] == 0x1F, bytes[1] == 0x8B else { throw Failure(message: "Not a gzip stream") }
        var buffer = ByteBuffer(bytes: bytes)
        let output = Array(try buffer.decompress(with: .gzip(), maxSize: maxSize).readableBytesView)
        let trailer = bytes.suffix(8).map(UInt32.init)
        let storedCRC = trailer[0] | trailer[1] << 8 | trailer[2] << 16 | trailer[3] << 24
        let storedSize = trailer[4] | trailer[5] << 8 | trailer[6] << 16 | trailer[7] << 24
        guard storedSize == UInt32(truncatingIfNeeded: output.count), storedCRC == CRC32.checksum(output) else {
            throw Failure(message: "The gzip stream is truncated or corrupt")
        }
        return output
    }

    /// Compresses bytes as one gzip stream.
    public static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        var buffer = ByteBuffer(bytes: bytes)
        let output = try buffer.compress(with: .gzip())
        return Array(output.readableBytesView)
    }
}
