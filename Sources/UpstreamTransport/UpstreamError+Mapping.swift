#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

extension UpstreamError {
    /// Maps a failure to open a connection (DNS, TCP connect, pipeline setup) to the public error.
    static func connecting(_ error: any Error, to endpoint: UpstreamEndpoint) -> UpstreamError {
        if let upstream = error as? UpstreamError {
            return upstream
        }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return .connectTimeout
        }
        if let connectionError = error as? NIOConnectionError {
            if connectionError.connectionErrors.isEmpty {
                return .connectFailed("\(endpoint.host): name could not be resolved")
            }
            let first = connectionErrors(connectionError)
            return .connectFailed("\(endpoint.host):\(endpoint.port): \(first)")
        }
        if let ioError = error as? IOError {
            return .connectFailed("\(endpoint.host):\(endpoint.port): \(Self.reason(errno: ioError.errnoCode))")
        }
        if error is SocketAddressError {
            return .connectFailed("\(endpoint.host): name could not be resolved")
        }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return .tlsFailure(String(describing: error))
        }
        return .connectFailed("\(endpoint.host):\(endpoint.port): \(error)")
    }

    /// Maps an error raised in an established connection's pipeline while a request is running.
    static func exchanging(_ error: any Error) -> UpstreamError {
        if let upstream = error as? UpstreamError {
            return upstream
        }
        if let parserError = error as? HTTPParserError {
            switch parserError {
            case .invalidEOFState:
                return .connectionClosed
            default:
                return .invalidResponse(String(describing: parserError))
            }
        }
        if error is NIOHTTPDecoderError {
            return .invalidResponse(String(describing: error))
        }
        if let sslError = error as? NIOSSLError {
            if case .uncleanShutdown = sslError {
                return .connectionClosed
            }
            return .tlsFailure(String(describing: sslError))
        }
        if error is NIOSSLExtraError || error is BoringSSLError {
            return .tlsFailure(String(describing: error))
        }
        if error is IOError || error is ChannelError {
            return .connectionClosed
        }
        return .invalidResponse(String(describing: error))
    }

    /// The most telling of Happy Eyeballs' per-address failures: a refusal or timeout beats "unreachable".
    private static func connectionErrors(_ error: NIOConnectionError) -> String {
        for failure in error.connectionErrors {
            if let ioError = failure.error as? IOError, ioError.errnoCode == ECONNREFUSED {
                return Self.reason(errno: ECONNREFUSED)
            }
        }
        guard let first = error.connectionErrors.first else { return "no address could be connected" }
        if let ioError = first.error as? IOError {
            return Self.reason(errno: ioError.errnoCode)
        }
        return String(describing: first.error)
    }

    private static func reason(errno code: CInt) -> String {
        switch code {
        case ECONNREFUSED: return "connection refused"
        case ENETUNREACH: return "network unreachable"
        case EHOSTUNREACH: return "host unreachable"
        case ETIMEDOUT: return "connection timed out"
        case ECONNRESET: return "connection reset"
        default: return "connect error \(code)"
        }
    }
}
