import Logging
import NIOConcurrencyHelpers

/// Collects every log line a gateway writes, so tests can assert that no secret ever appears.
final class LogCapture: Sendable {
    private let lines = NIOLockedValueBox([String]())

    func handler(label: String) -> any LogHandler {
        CapturingHandler(capture: self, label: label)
    }

    func append(_ line: String) {
        lines.withLockedValue { $0.append(line) }
    }

    var all: [String] { lines.withLockedValue { $0 } }

    struct CapturingHandler: LogHandler {
        let capture: LogCapture
        let label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            if let explicit = event.metadata { merged.merge(explicit) { $1 } }
            capture.append("\(event.level) \(label) \(event.message) \(merged)")
        }
    }
}
