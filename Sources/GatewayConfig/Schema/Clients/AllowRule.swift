/// One entry of `clients[].allow`: `METHOD PATH-PATTERN`, such as `GET /api/v1/Contact/*`.
///
/// Parsed once at load so check-config reports malformed rules with their key path and the request path
/// only compares segments. Matching itself lives with the policy stage.
public struct AllowRule: Sendable, Equatable, CustomStringConvertible {
    /// One segment of a path pattern.
    public enum Segment: Sendable, Equatable {
        /// A literal segment, stored lowercased (matching is case-insensitive).
        case literal(String)
        /// `*`: exactly one non-empty segment.
        case one
        /// `**`: any rest of the path, including nothing (only as the last segment).
        case rest
    }

    /// Methods a rule may name; `*` means any of them (and any other method).
    public static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// The method in upper case, or `nil` for `*` (any method).
    public let method: String?
    /// The pattern's segments after the leading `/`.
    public let segments: [Segment]
    /// The rule in its canonical spelling (`GET /api/v1/Contact/*`), for problem details.
    public let description: String

    /// Parses a rule; `nil` when malformed (use `problem(in:)` for the reason).
    public init?(_ text: String) {
        guard case .success(let rule) = Self.parse(text) else { return nil }
        self = rule
    }

    private init(method: String?, segments: [Segment], pattern: String) {
        self.method = method
        self.segments = segments
        self.description = (method ?? "*") + " " + pattern
    }

    /// The rule, or what is wrong with it (without quoting the text).
    static func parse(_ text: String) -> Result<AllowRule, ValueProblem> {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !parts.isEmpty else {
            return .failure(ValueProblem("must not be empty; expected METHOD PATH-PATTERN such as GET /api/v1/Contact/*"))
        }
        guard parts.count == 2 else {
            return .failure(ValueProblem("expected METHOD PATH-PATTERN such as GET /api/v1/Contact/*"))
        }
        let methodText = parts[0].uppercased()
        guard methodText == "*" || methods.contains(methodText) else {
            return .failure(ValueProblem("unknown method; expected * or one of " + methods.sorted().joined(separator: ", ")))
        }
        let pattern = parts[1]
        guard pattern.first == "/" else {
            return .failure(ValueProblem("the path pattern must start with /"))
        }
        if pattern.contains(where: { $0 == "?" || $0 == "#" }) {
            return .failure(ValueProblem("the path pattern must not contain a query or fragment (? or #)"))
        }
        if pattern.contains(where: { $0 == "%" || $0 == "\\" || !$0.isASCII || $0.isWhitespace }) {
            return .failure(ValueProblem("the path pattern must be plain ASCII without %, \\ or spaces"))
        }
        let rawSegments = pattern.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var segments: [Segment] = []
        for (index, raw) in rawSegments.enumerated() {
            switch raw {
            case "**":
                guard index == rawSegments.count - 1 else {
                    return .failure(ValueProblem("** is only allowed as the last segment of the path pattern"))
                }
                segments.append(.rest)
            case "*":
                segments.append(.one)
            case ".", "..":
                return .failure(ValueProblem("the path pattern must not contain . or .. segments"))
            default:
                if raw.contains("*") {
                    return .failure(ValueProblem("* and ** must be a whole path segment"))
                }
                segments.append(.literal(raw.lowercased()))
            }
        }
        return .success(AllowRule(method: methodText == "*" ? nil : methodText, segments: segments, pattern: String(pattern)))
    }
}
