import NIOCore

/// Reads and writes the duration notation of gateway.yml (`250ms`, `30s`, `5m`, `1h`), so every timeout is spelled one way.
public enum ConfigDuration: Sendable {
    /// What a problem says when a duration cannot be read.
    public static let expectation = "expected a duration like 250ms, 30s, 5m"

    /// Parses a whole number followed by `ms`, `s`, `m` or `h`; `nil` for anything else or on overflow.
    public static func parse(_ text: String) -> TimeAmount? {
        let units: [(suffix: String, nanoseconds: Int64)] = [
            ("ms", 1_000_000),
            ("s", 1_000_000_000),
            ("m", 60_000_000_000),
            ("h", 3_600_000_000_000),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            let digits = text.dropLast(unit.suffix.count)
            guard let count = ConfigNumber.parseWholeNumber(digits) else { return nil }
            let (total, overflow) = count.multipliedReportingOverflow(by: unit.nanoseconds)
            return overflow ? nil : .nanoseconds(total)
        }
        return nil
    }

    /// Formats a duration in the largest unit that divides it exactly, e.g. `30s`; the inverse of `parse`.
    public static func format(_ amount: TimeAmount) -> String {
        let nanoseconds = amount.nanoseconds
        let units: [(suffix: String, nanoseconds: Int64)] = [
            ("h", 3_600_000_000_000),
            ("m", 60_000_000_000),
            ("s", 1_000_000_000),
            ("ms", 1_000_000),
        ]
        if nanoseconds == 0 { return "0s" }
        for unit in units where nanoseconds % unit.nanoseconds == 0 {
            return "\(nanoseconds / unit.nanoseconds)\(unit.suffix)"
        }
        return "\(nanoseconds)ns"
    }
}
