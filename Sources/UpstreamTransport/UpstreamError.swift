/// Why an upstream call failed, coarse enough for the gateway to choose 502/503/504 without parsing text.
///
/// Messages never carry request data, headers or credentials.
public enum UpstreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Refused, unreachable or DNS failure.
    case connectFailed(String)
    /// The TCP connection was not established within `connectTimeout`.
    case connectTimeout
    /// The response did not complete within the request's timeout.
    case timeout
    /// The connection was closed or reset before the response completed.
    case connectionClosed
    /// The response body exceeded `maxResponseBody`.
    case responseTooLarge
    /// The upstream sent something that is not valid HTTP/1.1.
    case invalidResponse(String)
    /// The request was not sent: the gateway could not write it as valid HTTP/1.1 (a target or header that
    /// would split it). The gateway's own failure, not the upstream's.
    case requestNotSerializable(String)
    /// The TLS handshake or TLS record layer failed.
    case tlsFailure(String)
    /// The transport was shut down.
    case shutdown

    /// A short English sentence for logs and problem details.
    public var description: String {
        switch self {
        case .connectFailed(let detail): return "upstream connect failed: \(detail)"
        case .connectTimeout: return "upstream connect timed out"
        case .timeout: return "upstream response timed out"
        case .connectionClosed: return "upstream closed the connection before the response completed"
        case .responseTooLarge: return "upstream response body exceeds the size limit"
        case .invalidResponse(let detail): return "invalid upstream response: \(detail)"
        case .requestNotSerializable(let detail): return "request not sent upstream: \(detail)"
        case .tlsFailure(let detail): return "upstream TLS failure: \(detail)"
        case .shutdown: return "upstream transport is shut down"
        }
    }
}
