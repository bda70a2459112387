import GatewayClock
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The diagnostic log handler given to swift-otel: counts the spans it drops in
/// `so_gateway_trace_spans_dropped_total{reason}` and passes its warnings on to the gateway's log, at most one
/// line a minute per message, so a collector that is down does not flood the log.
///
/// swift-otel reports drops only through its diagnostic log (its batch processor is internal): a full queue logs
/// `Spans were dropped…` with `dropped_count`, a failed export logs `Failed to export batch.` with `batch_size`.
/// `TracingIntegrationTests` fails if an upgrade changes these lines and drops stop being counted.
struct TraceDropCounter: LogHandler {
    static let metric = "so_gateway_trace_spans_dropped_total"

    /// Shared by the handler copies swift-log makes.
    final class Sink: Sendable {
        let metrics: GatewayMetrics?
        let logger: Logger
        let clock: GatewayClock
        private let lastForwarded = NIOLockedValueBox([String: NIODeadline]())

        init(metrics: GatewayMetrics?, logger: Logger, clock: GatewayClock) {
            self.metrics = metrics
            self.logger = logger
            self.clock = clock
            for reason in ["queue_full", "export_failed"] {
                metrics?.increment(TraceDropCounter.metric, dimensions: [("reason", reason)], by: 0)
            }
        }

        func record(level: Logger.Level, message: String, metadata: Logger.Metadata) {
            if message.hasPrefix("Spans were dropped"), let count = Self.int(metadata["dropped_count"]) {
                metrics?.increment(TraceDropCounter.metric, dimensions: [("reason", "queue_full")], by: count)
            } else if message.hasPrefix("Failed to export batch"), let count = Self.int(metadata["batch_size"]) {
                metrics?.increment(TraceDropCounter.metric, dimensions: [("reason", "export_failed")], by: count)
            }
            guard level >= .warning else { return }
            let now = clock.now()
            let forward = lastForwarded.withLockedValue { table -> Bool in
                if let last = table[message], now - last < .minutes(1) { return false }
                table[message] = now
                return true
            }
            if forward {
                logger.warning("tracing: \(message)", metadata: metadata)
            }
        }

        private static func int(_ value: Logger.MetadataValue?) -> Int? {
            guard let value else { return nil }
            switch value {
            case .string(let text): return Int(text)
            case .stringConvertible(let convertible): return Int(convertible.description)
            default: return nil
            }
        }
    }

    let sink: Sink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.MetadataValue? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let explicit = event.metadata { merged.merge(explicit) { $1 } }
        sink.record(level: event.level, message: event.message.description, metadata: merged)
    }
}
