/// How much the gateway logs and whether each request gets an access-log line.
public struct LoggingConfig: Sendable, Equatable {
    /// A swift-log level name from `levels`.
    public var level: String
    /// Whether to write one JSON access-log line per request.
    public var accessLog: Bool

    /// The accepted level names, most verbose first.
    public static let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Creates logging settings with the documented defaults.
    public init(level: String = "info", accessLog: Bool = true) {
        self.level = level
        self.accessLog = accessLog
    }
}

extension LoggingConfig {
    /// Reads the `logging` block.
    static func read(from block: MappingReader) -> LoggingConfig {
        let defaults = LoggingConfig()
        var level = defaults.level
        if let value = block.string("level") {
            if levels.contains(value) {
                level = value
            } else {
                block.context.report(block.path("level"), "expected one of " + levels.joined(separator: ", "))
            }
        }
        let result = LoggingConfig(level: level, accessLog: block.bool("access_log", default: defaults.accessLog))
        block.finish()
        return result
    }
}
