import CompressNIO
import NIOCore

/// Drives zlib's inflate through a small fixed window, so output is checked against the limit before it is
/// kept and a truncated stream is told apart from a complete one (CompressNIO's one-shot helpers accept both).
enum BoundedInflater {
    /// Size of the scratch window each inflate call writes into.
    static let windowSize = 32 * 1024

    /// Whether the first two bytes form a valid zlib (RFC 1950) header: method 8, window <= 32K, FCHECK ok.
    static func looksLikeZlibHeader(_ input: ByteBuffer) -> Bool {
        guard let cmf = input.getInteger(at: input.readerIndex, as: UInt8.self),
            let flg = input.getInteger(at: input.readerIndex + 1, as: UInt8.self)
        else { return false }
        return cmf & 0x0F == 8 && cmf >> 4 <= 7 && (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0
    }

    static func inflate(
        _ input: ByteBuffer,
        algorithm: ZlibAlgorithm,
        maxSize: Int,
        allocator: ByteBufferAllocator
    ) throws(DecompressionError) -> ByteBuffer {
        // Zero bytes are not a stream of any coding; checking here also keeps zlib away from a nil base address.
        guard input.readableBytes > 0 else { throw .corrupt }
        let decompressor: ZlibDecompressor
        do {
            decompressor = try ZlibDecompressor(algorithm: algorithm, windowSize: 15)
        } catch {
            throw .corrupt
        }
        var source = input
        var window = allocator.buffer(capacity: min(windowSize, max(maxSize, 0) + 1))
        var output = allocator.buffer(capacity: min(max(maxSize, 0), input.readableBytes * 4))

        while true {
            let step = Self.step(decompressor, source: &source, window: &window)
            try drain(&window, into: &output, maxSize: maxSize)
            switch step {
            case .outputFull:
                continue
            case .needsInput, .failed:
                throw .corrupt
            case .returned:
                // zlib stopped with room left in the window: either the stream ended, or the input ran out
                // mid-stream. Remaining input means the stream ended early.
                if source.readableBytes > 0 {
                    guard algorithm == .gzip, Self.startsWithGzipMagic(source) else { throw .corrupt }
                    do {
                        try decompressor.reset()
                    } catch {
                        throw .corrupt
                    }
                    continue
                }
                // No input left: probe once more. After the end of the stream zlib reports the end again;
                // a truncated stream reports that it needs input.
                let probe = Self.step(decompressor, source: &source, window: &window)
                try drain(&window, into: &output, maxSize: maxSize)
                guard case .returned = probe else { throw .corrupt }
                return output
            }
        }
    }

    private enum Step {
        /// zlib filled the window and has more to write.
        case outputFull
        /// zlib consumed all input and cannot continue without more.
        case needsInput
        /// zlib returned normally: the stream ended, or it consumed all input with room to spare.
        case returned
        /// The data is invalid.
        case failed
    }

    private static func step(_ decompressor: ZlibDecompressor, source: inout ByteBuffer, window: inout ByteBuffer) -> Step {
        do {
            try decompressor.inflate(from: &source, to: &window)
            return .returned
        } catch let error as CompressNIOError where error == .bufferOverflow {
            return .outputFull
        } catch let error as CompressNIOError where error == .inputBufferOverflow {
            return .needsInput
        } catch {
            return .failed
        }
    }

    private static func drain(_ window: inout ByteBuffer, into output: inout ByteBuffer, maxSize: Int) throws(DecompressionError) {
        guard output.readableBytes + window.readableBytes <= maxSize else { throw .tooLarge }
        output.writeBuffer(&window)
        window.clear()
    }

    private static func startsWithGzipMagic(_ buffer: ByteBuffer) -> Bool {
        buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) == 0x1F8B
    }
}
