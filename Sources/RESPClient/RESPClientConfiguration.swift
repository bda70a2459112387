import GatewayClock
import NIOCore

/// Where and how the RESP client connects, kept separate from the gateway's config schema so this target
/// stays independent of it.
public struct RESPClientConfiguration: Sendable {
    /// Host name or IP address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// Sent with `AUTH` after connecting when set (never logged).
    public var password: String?
    /// Selected with `SELECT` after connecting when not 0.
    public var database: Int
    /// Bounds the TCP connect and the AUTH/SELECT handshake.
    public var connectTimeout: TimeAmount
    /// Used by commands that pass no timeout of their own.
    public var defaultCommandTimeout: TimeAmount
    /// The least time between two connect attempts on one connection, so a dead server is not hammered.
    public var reconnectBackoff: TimeAmount
    /// Bounds what the reply decoder accepts, so a bad server cannot exhaust memory.
    public var limits: RESPDecoderLimits
    /// What command deadlines and reconnect back-off are measured on.
    public var clock: GatewayClock

    /// Creates a configuration; the defaults suit a rate limiter on a local network.
    public init(
        host: String,
        port: Int = 6379,
        password: String? = nil,
        database: Int = 0,
        connectTimeout: TimeAmount = .seconds(1),
        defaultCommandTimeout: TimeAmount = .seconds(1),
        reconnectBackoff: TimeAmount = .milliseconds(250),
        limits: RESPDecoderLimits = RESPDecoderLimits(),
        clock: GatewayClock = .system
    ) {
        self.host = host
        self.port = port
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.defaultCommandTimeout = defaultCommandTimeout
        self.reconnectBackoff = reconnectBackoff
        self.clock = clock
        self.limits = limits
    }
}

extension RESPClientConfiguration: CustomStringConvertible {
    /// The address with the password masked, safe for logs.
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "redis://\(password == nil ? "" : ":***@")\(hostPart):\(port)/\(database)"
    }
}
