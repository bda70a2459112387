/// The largest replies the decoder accepts; anything bigger closes the connection with a protocol error.
///
/// The rate limiter's replies are tiny, so the defaults are generous but small enough that a broken or
/// hostile server cannot make the gateway buffer more than a few MiB per connection.
public struct RESPDecoderLimits: Sendable, Equatable {
    /// The longest bulk string, in bytes.
    public var maxBulkLength: Int
    /// The most elements in one array.
    public var maxArrayCount: Int
    /// The deepest nesting of arrays (a flat array is depth 1).
    public var maxDepth: Int
    /// The longest status, error or integer line, in bytes.
    public var maxLineLength: Int
    /// The most bytes buffered for one reply that has not fully arrived yet.
    public var maxReplyBytes: Int

    /// Creates limits; see the properties for what each bounds.
    public init(
        maxBulkLength: Int = 1 << 20,
        maxArrayCount: Int = 1 << 16,
        maxDepth: Int = 16,
        maxLineLength: Int = 64 << 10,
        maxReplyBytes: Int = 4 << 20
    ) {
        self.maxBulkLength = maxBulkLength
        self.maxArrayCount = maxArrayCount
        self.maxDepth = maxDepth
        self.maxLineLength = maxLineLength
        self.maxReplyBytes = maxReplyBytes
    }
}
