import GatewayConfig

/// Matches a request's method and `/api/...` path against a client's `allow` rules.
///
/// Paths are compared segment by segment on the raw (still percent-encoded) text, case-insensitively.
/// A segment that hides a path separator (`%2F`, `%5C` or `\`) is refused outright for clients with an allow
/// list: upstream servers may decode it into a real separator, which would let a request escape a pattern.
public struct AllowList: Sendable {
    /// The outcome for one request.
    public enum Decision: Sendable, Equatable {
        case allowed
        /// No rule covers the method and path.
        case notListed
        /// The path carries an encoded or back-slash separator.
        case encodedSeparator
    }

    public let rules: [AllowRule]

    public init(rules: [AllowRule]) {
        self.rules = rules
    }

    /// Decides for `method` (upper case, as on the wire) and `path` (`/api/...`, query already removed).
    public func decide(method: String, path: Substring) -> Decision {
        // Split on the byte `/`: splitting Characters would glue a `/` to a following combining mark and let
        // a request hide a segment boundary that upstream sees.
        let segments = path.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Substring.init)
        for segment in segments where Self.hidesSeparator(segment) {
            return .encodedSeparator
        }
        for rule in rules where rule.method == nil || rule.method == method {
            if Self.matches(rule.segments, segments) { return .allowed }
        }
        return .notListed
    }

    /// Whether the pattern covers the path: `*` takes one non-empty segment, `**` takes the rest (even none);
    /// a trailing slash is an empty last segment that only `**` covers.
    static func matches(_ pattern: [AllowRule.Segment], _ segments: [Substring]) -> Bool {
        var index = 0
        for part in pattern {
            switch part {
            case .rest:
                return true
            case .one:
                guard index < segments.count, !segments[index].isEmpty else { return false }
            case .literal(let literal):
                guard index < segments.count, HeaderName.equals(segments[index].utf8, lowercase: literal.utf8) else { return false }
            }
            index += 1
        }
        return index == segments.count
    }

    /// True for a segment containing `%2F`, `%5C` (any case) or a literal backslash.
    static func hidesSeparator(_ segment: Substring) -> Bool {
        var utf8 = segment.utf8[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\") { return true }
            guard byte == UInt8(ascii: "%") else { continue }
            let rest = Array(utf8.prefix(2))
            guard rest.count == 2 else { continue }
            let high = rest[0], low = rest[1] | 0x20
            if (high == UInt8(ascii: "2") && low == UInt8(ascii: "f")) || (high == UInt8(ascii: "5") && low == UInt8(ascii: "c")) {
                return true
            }
        }
        return false
    }
}
