/// RFC 9110 §12.5.3 `Accept-Encoding`, so the gateway only compresses for clients that asked and never sends a
/// coding the client excluded.
///
/// Rules: q-values (strict grammar; malformed elements are ignored), `identity`, `*`, `q=0` exclusions, the
/// `x-gzip` alias, case-insensitive tokens. When several elements name the same coding, the highest weight wins.
///
/// An absent header is treated as "identity only". RFC 9110 says a request without the field accepts any coding,
/// but clients that send no `Accept-Encoding` (curl, scripts, older SDKs) do not expect a compressed body, so
/// the gateway never compresses for them.
///
/// `identity` is acceptable unless `identity;q=0`, or `*;q=0` without an `identity` element, excludes it.
/// When identity is not listed and no `*` applies, it gets the lowest positive weight, so any coding the client
/// listed explicitly is preferred over it.
public struct AcceptEncoding: Sendable {
    private let explicit: [ContentCoding: Int]
    private let star: Int?

    /// Parses every `Accept-Encoding` header value of a request.
    /// - Parameter headerValues: all values, in order; empty when the header is absent.
    public init(_ headerValues: [String]) {
        var explicit: [ContentCoding: Int] = [:]
        var star: Int?
        for element in WeightedList.parse(headerValues) {
            if element.value == "*" {
                star = max(star ?? 0, element.quality)
            } else if let coding = ContentCoding(token: element.value) {
                explicit[coding] = max(explicit[coding] ?? 0, element.quality)
            }
        }
        self.explicit = explicit
        self.star = star
    }

    /// The effective weight of a coding in thousandths; 0 means not acceptable.
    /// - Parameter coding: the coding to weigh.
    public func quality(of coding: ContentCoding) -> Int {
        if let quality = explicit[coding] { return quality }
        if let star { return star }
        return coding == .identity ? 1 : 0
    }

    /// Whether the client accepts a response in `coding`.
    /// - Parameter coding: the coding to test.
    public func accepts(_ coding: ContentCoding) -> Bool {
        quality(of: coding) > 0
    }

    /// The coding to answer with.
    /// - Parameter offered: what the server can produce, in the server's order of preference.
    /// - Returns: the acceptable offer with the highest weight (ties go to the earlier offer), or nil when none
    ///   is acceptable (the caller answers 406, or identity if it prefers to ignore the exclusion).
    public func preferred(from offered: [ContentCoding]) -> ContentCoding? {
        var best: ContentCoding?
        var bestQuality = 0
        for coding in offered {
            let quality = quality(of: coding)
            if quality > bestQuality {
                best = coding
                bestQuality = quality
            }
        }
        return best
    }
}
