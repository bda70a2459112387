import CompressNIO
import NIOCore

/// Compresses and inflates HTTP bodies in one place, so cached answers are gzipped once and inflating an
/// untrusted body can never use more memory than the caller allows.
public enum HTTPCompression {
    /// Compresses a body as gzip (RFC 1952).
    /// - Parameters:
    ///   - input: the body; its reader index is not moved.
    ///   - level: zlib level 0...9 (clamped); 6 balances CPU and size.
    ///   - allocator: allocates the result.
    /// - Returns: a gzip stream sized to its content.
    public static func gzip(_ input: ByteBuffer, level: Int = 6, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        try compress(input, algorithm: .gzip, level: level, allocator: allocator)
    }

    /// Compresses a body for HTTP `deflate`, which RFC 9110 defines as the zlib format (RFC 1950), not raw deflate.
    /// - Parameters:
    ///   - input: the body; its reader index is not moved.
    ///   - level: zlib level 0...9 (clamped).
    ///   - allocator: allocates the result.
    /// - Returns: a zlib stream sized to its content.
    public static func deflate(_ input: ByteBuffer, level: Int = 6, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        try compress(input, algorithm: .zlib, level: level, allocator: allocator)
    }

    /// Inflates a body without ever holding more than `maxSize` bytes of output.
    ///
    /// Bounded: fails with `.tooLarge` as soon as the output would exceed `maxSize` (gzip bombs), and with
    /// `.corrupt` on bad, truncated or trailing data. Concatenated gzip members are accepted, as `gunzip` does.
    /// For `deflate`, a zlib stream is expected; raw deflate (sent by some misconfigured servers) is accepted
    /// when the first two bytes are not a valid zlib header.
    /// - Parameters:
    ///   - input: the compressed body.
    ///   - coding: how it is encoded; `.identity` returns the input when it fits.
    ///   - maxSize: the largest acceptable inflated size in bytes.
    ///   - allocator: allocates the result.
    public static func decompress(
        _ input: ByteBuffer,
        coding: ContentCoding,
        maxSize: Int,
        allocator: ByteBufferAllocator
    ) throws(DecompressionError) -> ByteBuffer {
        switch coding {
        case .identity:
            guard input.readableBytes <= maxSize else { throw .tooLarge }
            return input
        case .gzip:
            return try BoundedInflater.inflate(input, algorithm: .gzip, maxSize: maxSize, allocator: allocator)
        case .deflate:
            let algorithm: ZlibAlgorithm = BoundedInflater.looksLikeZlibHeader(input) ? .zlib : .deflate
            return try BoundedInflater.inflate(input, algorithm: algorithm, maxSize: maxSize, allocator: allocator)
        }
    }

    private static func compress(
        _ input: ByteBuffer,
        algorithm: ZlibAlgorithm,
        level: Int,
        allocator: ByteBufferAllocator
    ) throws -> ByteBuffer {
        let clampedLevel = Int32(min(max(level, 0), 9))
        let configuration = ZlibConfiguration(
            windowSize: 15,
            compressionLevel: clampedLevel,
            memoryLevel: 8,
            strategy: .default
        )
        // CompressNIO hands zlib the readable region's base address, which an empty, storage-less buffer
        // lacks; a one-byte capacity buffer with nothing readable gives zlib a valid pointer and no input.
        var source = input
        if source.readableBytes == 0 {
            source = allocator.buffer(capacity: 1)
        }
        let compressor = try ZlibCompressor(algorithm: algorithm, configuration: configuration)
        var output = allocator.buffer(capacity: compressor.maxSize(from: source))
        try compressor.deflate(from: &source, to: &output, flush: .finish)
        return output
    }
}
