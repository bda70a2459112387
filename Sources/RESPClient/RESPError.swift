/// Why a Redis command did not produce a reply, so callers can tell a slow or dead server from a refusal.
public enum RESPError: Error, Sendable, Equatable {
    /// The reply did not arrive within the command's timeout; the connection was closed.
    case timeout
    /// The connection closed (or the client shut down) before the reply arrived.
    case connectionClosed
    /// No connection could be made (TCP connect, AUTH or SELECT failed, or reconnect back-off is in force).
    case connectFailed(String)
    /// Redis answered with an error reply (`-ERR ...`, `-NOSCRIPT ...`).
    case server(String)
    /// Redis sent bytes that are not valid RESP2, or a reply beyond the configured limits.
    case protocolError(String)
}

extension RESPError: CustomStringConvertible {
    /// A one-line description for logs; never contains the password or command arguments.
    public var description: String {
        switch self {
        case .timeout: return "Redis command timed out"
        case .connectionClosed: return "Redis connection closed"
        case .connectFailed(let reason): return "Redis connect failed: \(reason)"
        case .server(let message): return "Redis error: \(message)"
        case .protocolError(let reason): return "Redis protocol error: \(reason)"
        }
    }
}
