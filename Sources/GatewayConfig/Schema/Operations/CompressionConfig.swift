/// Gzip toward clients that accept it: saves bandwidth on large task lists.
public struct CompressionConfig: Sendable, Equatable {
    /// Whether responses are compressed.
    public var enabled: Bool
    /// Bodies smaller than this are sent as they are, in bytes.
    public var minSize: Int
    /// Gzip level, 1 (fastest) to 9 (smallest).
    public var level: Int

    /// Creates compression settings with the documented defaults.
    public init(enabled: Bool = true, minSize: Int = 1 << 10, level: Int = 6) {
        self.enabled = enabled
        self.minSize = minSize
        self.level = level
    }
}

extension CompressionConfig {
    /// Reads the `compression` block.
    static func read(from block: MappingReader) -> CompressionConfig {
        let defaults = CompressionConfig()
        let result = CompressionConfig(
            enabled: block.bool("enabled", default: defaults.enabled),
            minSize: block.size("min_size", default: defaults.minSize, minimum: 0),
            level: block.int("level", default: defaults.level, in: 1...9)
        )
        block.finish()
        return result
    }
}
