import NIOCore

/// Graceful shutdown: how long in-flight requests may finish after the gateway stops accepting new ones.
public struct ShutdownConfig: Sendable, Equatable {
    /// The most time to wait for in-flight requests.
    public var drainTimeout: TimeAmount

    /// Creates shutdown settings with the documented default.
    public init(drainTimeout: TimeAmount = .seconds(30)) {
        self.drainTimeout = drainTimeout
    }
}

extension ShutdownConfig {
    /// Reads the `shutdown` block.
    static func read(from block: MappingReader) -> ShutdownConfig {
        let result = ShutdownConfig(drainTimeout: block.duration("drain_timeout", default: ShutdownConfig().drainTimeout))
        block.finish()
        return result
    }
}
