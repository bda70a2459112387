import GatewayCompression

/// The answer's syntax, decided from `Accept`, so JSON and XML answers are cached under different keys.
public enum Representation: String, Sendable {
    case json
    case xml

    /// XML when `Accept` gives `application/xml` or `text/xml` a higher weight than both JSON types (after
    /// RFC 9110 precedence: an exact type beats `type/*`, which beats `*/*`); otherwise JSON, the WebAPI default.
    /// - Parameter accept: the request's `Accept` value (several fields joined with `,`), or nil.
    public static func from(accept: String?) -> Representation {
        guard let accept else { return .json }
        let ranges = WeightedList.parse([accept])
        if ranges.isEmpty { return .json }
        let xml = max(quality(of: "application/xml", "application/*", in: ranges), quality(of: "text/xml", "text/*", in: ranges))
        let json = max(quality(of: "application/json", "application/*", in: ranges), quality(of: "text/json", "text/*", in: ranges))
        return xml > json ? .xml : .json
    }

    /// The weight the most specific matching media range gives `exact` (`type/subtype`, with `typeWildcard`
    /// its `type/*`); 0 when none matches.
    private static func quality(of exact: String, _ typeWildcard: String, in ranges: [WeightedElement]) -> Int {
        var bestSpecificity = 0
        var quality = 0
        for range in ranges {
            let specificity: Int
            switch range.value {
            case exact: specificity = 3
            case typeWildcard: specificity = 2
            case "*/*": specificity = 1
            default: continue
            }
            if specificity > bestSpecificity {
                bestSpecificity = specificity
                quality = range.quality
            } else if specificity == bestSpecificity {
                quality = max(quality, range.quality)
            }
        }
        return quality
    }
}
