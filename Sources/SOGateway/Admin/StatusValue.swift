import Foundation

/// One value on the status page, written the same way into `/status.json` and `/status` so the two agree.
enum StatusValue: Sendable {
    case int(Int?)
    case double(Double?)
    case text(String?)
    case bool(Bool)
    case date(Date?)

    /// The value as the page shows it, and as JSON writes it inside a string or number (`—` for null).
    var display: String {
        switch self {
        case .int(let value): return value.map { String($0) } ?? "—"
        case .double(let value): return value.map { String($0) } ?? "—"
        case .text(let value): return value ?? "—"
        case .bool(let value): return value ? "true" : "false"
        case .date(let value): return value.map(Self.rfc3339) ?? "—"
        }
    }

    func write(named name: String, into writer: inout JSONWriter) {
        switch self {
        case .int(let value?): writer.member(name, int: value)
        case .double(let value?): writer.member(name, double: value)
        case .text(let value?): writer.member(name, string: value)
        case .bool(let value): writer.member(name, bool: value)
        case .date(let value?): writer.member(name, string: Self.rfc3339(value))
        case .int(nil), .double(nil), .text(nil), .date(nil): writer.nullMember(name)
        }
    }

    /// RFC 3339 UTC to the second.
    static func rfc3339(_ date: Date) -> String {
        UTCTimestamp.format(seconds: Int(date.timeIntervalSince1970.rounded(.down)))
    }
}
