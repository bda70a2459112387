import Logging
import NIOCore
import NIOHTTP1

/// Writes one access line per request, with only non-secret facts: never headers, keys or bodies; and a line
/// when a connection is refused at the door.
public struct AccessLogObserver: RequestObserver {
    let logger: Logger
    let enabled: Bool
    let next: any RequestObserver

    let refusals: ConnectionRefusalLog

    public init(logger: Logger, enabled: Bool, next: any RequestObserver = SilentObserver()) {
        self.logger = logger
        self.enabled = enabled
        self.next = next
        self.refusals = ConnectionRefusalLog(logger: logger)
    }

    public func connectionOpened() { next.connectionOpened() }
    public func connectionClosed() { next.connectionClosed() }

    /// Logged whatever `logging.access_log` says (throttled, see `ConnectionRefusalLog`): a partner turned
    /// away at the door has no access line of its own.
    public func connectionRefused(_ limit: ConnectionLimit) {
        next.connectionRefused(limit)
        refusals.refused(limit)
    }

    public func connectionCut(_ limit: ConnectionLimit) {
        next.connectionCut(limit)
        logger.debug("connection cut off", metadata: ["limit": .string(limit.rawValue)])
    }

    public func streamReset(_ limit: ConnectionLimit) {
        next.streamReset(limit)
        logger.debug("http/2 stream reset", metadata: ["limit": .string(limit.rawValue)])
    }

    public func requestCompleted(_ record: CompletedRequest) {
        next.requestCompleted(record)
        guard enabled, logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = [
            "request_id": .string(record.requestId),
            "method": .string(record.method.rawValue),
            "route": .string(record.routeClass),
            "status": .stringConvertible(Int(record.status.code)),
            "bytes": .stringConvertible(record.bytesSent),
            "duration_ms": .stringConvertible(Self.milliseconds(record.duration)),
        ]
        if let client = record.clientName { metadata["client"] = .string(client) }
        if let upstream = record.annotations.upstreamDuration {
            metadata["upstream_ms"] = .stringConvertible(Self.milliseconds(upstream))
        }
        if let cache = record.annotations.cacheStatus { metadata["cache"] = .string(cache) }
        if let problem = record.annotations.problemType { metadata["problem"] = .string(problem) }
        logger.info("access", metadata: metadata)
    }

    static func milliseconds(_ amount: TimeAmount) -> Double {
        (Double(amount.nanoseconds) / 1_000).rounded() / 1_000
    }
}
