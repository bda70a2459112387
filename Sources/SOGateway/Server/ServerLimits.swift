import NIOCore

/// The listener's protective limits, resolved from `limits.*` once per configuration.
public struct ServerLimits: Sendable {
    public var maxBody: Int
    public var maxHeaderBytes: Int
    public var maxHeaderCount: Int
    public var maxTargetLength: Int
    public var headerTimeout: TimeAmount
    public var bodyTimeout: TimeAmount
    public var idleTimeout: TimeAmount
    public var maxConnections: Int

    public init(
        maxBody: Int = 1 << 20, maxHeaderBytes: Int = 16 << 10, maxHeaderCount: Int = 100, maxTargetLength: Int = 8 << 10,
        headerTimeout: TimeAmount = .seconds(10), bodyTimeout: TimeAmount = .seconds(30), idleTimeout: TimeAmount = .seconds(75),
        maxConnections: Int = 10_000
    ) {
        self.maxBody = maxBody
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxTargetLength = maxTargetLength
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }
}
