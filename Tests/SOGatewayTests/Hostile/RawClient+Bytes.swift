import NIOCore

extension RawClient {
    /// Like `exchange(port:chunks:...)`, but sends bytes exactly as given (binary bodies such as gzip bombs,
    /// which a `String` would re-encode), in one write.
    static func exchange(port: Int, bytes: [UInt8], timeout: TimeAmount = .seconds(5)) async throws -> Outcome {
        try await exchange(port: port, buffers: [ByteBuffer(bytes: bytes)], timeout: timeout)
    }
}
