import Logging
import NIOCore
import NIOHTTP1

/// Writes one access line per request, with only non-secret facts: never headers, keys or bodies; and a line
/// when a connection is refused at the door.
public struct AccessLogObserver: RequestObserver {
    let logger: Logger
    let enabled: Bool
    var next: any RequestObserver

    let refusals: ConnectionRefusalLog

    public init(logger: Logger, enabled: Bool, next: any RequestObserver = SilentObserver()) {
        self.logger = logger
        self.enabled = enabled
        self.next = next
        self.refusals = ConnectionRefusalLog(logger: logger)
    }

    public func resolved(forClients clients: [String]) -> any RequestObserver {
        var copy = self
        copy.next = next.resolved(forClients: clients)
        return copy
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

    /// One line per request. Every field is on every line (`null` when it does not apply), so queries over
    /// the log need not test for missing keys: `path` (query values dropped, see `AccessLogPath`), `route`,
    /// `client`, `status`, `upstream_status`, `cache` (the Cache-Status the answer carried), `bytes_in`,
    /// `bytes_out`, `duration_ms`, `upstream_ms` and `request_id`; `trace_id` when the request was traced.
    public func requestCompleted(_ record: CompletedRequest) {
        next.requestCompleted(record)
        guard enabled, logger.logLevel <= .info else { return }
        let null = Logger.MetadataValue.stringConvertible(LogNull.value)
        let annotations = record.annotations
        var metadata: Logger.Metadata = [
            "request_id": .string(record.requestId),
            "method": .string(record.method.rawValue),
            "path": .string(AccessLogPath.redacting(record.target)),
            "route": .string(record.routeClass),
            "client": record.clientName.map { .string($0) } ?? null,
            "status": .stringConvertible(Int(record.status.code)),
            "upstream_status": record.upstreamStatus.map { .stringConvertible(Int($0)) } ?? null,
            "cache": annotations.cacheStatus.map { .string($0) } ?? null,
            "bytes_in": .stringConvertible(record.bytesReceived),
            "bytes_out": .stringConvertible(record.bytesSent),
            "duration_ms": .stringConvertible(Self.milliseconds(record.duration)),
            "upstream_ms": annotations.upstreamDuration.map { .stringConvertible(Self.milliseconds($0)) } ?? null,
        ]
        if let problem = annotations.problemType { metadata["problem"] = .string(problem) }
        if let traceId = record.traceId { metadata["trace_id"] = .string(traceId) }
        logger.info("access", metadata: metadata)
    }

    static func milliseconds(_ amount: TimeAmount) -> Double {
        (Double(amount.nanoseconds) / 1_000).rounded() / 1_000
    }
}
