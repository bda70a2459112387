#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// A swift-log handler writing one JSON object per line to stdout, the form log collectors ingest.
///
/// Lines are buffered (`LogOutput`) and flushed regularly, so a quiet gateway's lines still appear promptly
/// while a busy one does not pay a write system call per access line.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(level: event.level, message: event.message, metadata: event.metadata)
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        write(level: level, message: message, metadata: explicit)
    }

    private func write(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?) {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("ts", string: Self.timestamp())
        writer.member("level", string: level.rawValue)
        writer.member("logger", string: label)
        writer.member("msg", string: message.description)
        var merged = metadata
        if let explicit {
            merged.merge(explicit) { _, new in new }
        }
        for key in merged.keys.sorted() {
            if let value = merged[key] {
                Self.write(value, named: key, into: &writer)
            }
        }
        writer.endObject()
        var line = writer.string()
        line.append("\n")
        LogOutput.shared.append(line, flushNow: level >= .warning)
    }

    private static func write(_ value: Logger.Metadata.Value, named key: String, into writer: inout JSONWriter) {
        switch value {
        case .string(let s):
            if let number = Int(s), String(number) == s, key != "request_id" {
                writer.member(key, int: number)
            } else {
                writer.member(key, string: s)
            }
        case .stringConvertible(let c):
            if let i = c as? Int {
                writer.member(key, int: i)
            } else if let d = c as? Double {
                writer.member(key, double: d)
            } else if let b = c as? Bool {
                writer.member(key, bool: b)
            } else if c is LogNull {
                writer.nullMember(key)
            } else {
                writer.member(key, string: c.description)
            }
        case .array(let values):
            writer.member(key, string: values.map { "\($0)" }.joined(separator: ","))
        case .dictionary(let dict):
            writer.beginObject(key)
            for inner in dict.keys.sorted() {
                if let v = dict[inner] { write(v, named: inner, into: &writer) }
            }
            writer.endObject()
        }
    }

    /// RFC 3339 UTC with milliseconds, without Foundation's formatter cost.
    static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UTCTimestamp.format(seconds: Int(spec.tv_sec), milliseconds: Int(spec.tv_nsec / 1_000_000))
    }

    /// Flushes buffered log lines; called periodically and at shutdown.
    public static func flush() {
        LogOutput.shared.flush()
    }
}
