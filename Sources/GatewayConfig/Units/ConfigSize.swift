/// Reads and writes the byte-size notation of gateway.yml (`512KiB`, `64MiB`, `100B`, `1MB`, plain bytes).
public enum ConfigSize: Sendable {
    /// What a problem says when a size cannot be read.
    public static let expectation = "expected a size like 512KiB, 64MiB, 1GiB, 100B or a number of bytes"

    /// The accepted unit suffixes, longest first so `KiB` is tried before `B`.
    private static let units: [(suffix: String, bytes: Int)] = [
        ("KiB", 1 << 10),
        ("MiB", 1 << 20),
        ("GiB", 1 << 30),
        ("TiB", 1 << 40),
        ("KB", 1_000),
        ("MB", 1_000_000),
        ("GB", 1_000_000_000),
        ("TB", 1_000_000_000_000),
        ("B", 1),
    ]

    /// Parses a whole number of bytes with an optional unit (binary `KiB`/`MiB`/`GiB`/`TiB`,
    /// decimal `KB`/`MB`/`GB`/`TB`, or `B`); `nil` for anything else or on overflow.
    public static func parse(_ text: String) -> Int? {
        for unit in units where text.hasSuffix(unit.suffix) {
            let digits = text.dropLast(unit.suffix.count).trimmingSuffixSpaces()
            guard let count = ConfigNumber.parseWholeNumber(digits) else { return nil }
            let (total, overflow) = Int(count).multipliedReportingOverflow(by: unit.bytes)
            return overflow ? nil : total
        }
        return ConfigNumber.parseWholeNumber(text[...]).map { Int($0) }
    }

    /// Formats a byte count in the largest binary unit that divides it exactly, e.g. `64MiB`.
    public static func format(_ bytes: Int) -> String {
        for unit in units.prefix(4).reversed() where bytes != 0 && bytes % unit.bytes == 0 {
            return "\(bytes / unit.bytes)\(unit.suffix)"
        }
        return "\(bytes)B"
    }
}

extension Substring {
    /// Allows `64 MiB` as well as `64MiB`.
    fileprivate func trimmingSuffixSpaces() -> Substring {
        var result = self
        while result.last == " " { result = result.dropLast() }
        return result
    }
}
