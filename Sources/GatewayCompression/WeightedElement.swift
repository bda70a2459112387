/// One element of an RFC 9110 weighted list, so `Accept` and `Accept-Encoding` negotiation share one parser.
public struct WeightedElement: Sendable, Equatable {
    /// The lowercased token or media range, without parameters (`gzip`, `application/xml`, `*/*`).
    public var value: String
    /// The `q` weight in thousandths (0...1000); 1000 when the element carries no `q`.
    public var quality: Int

    /// Creates an element.
    /// - Parameters:
    ///   - value: lowercased token or media range.
    ///   - quality: weight in thousandths, clamped to 0...1000.
    public init(value: String, quality: Int) {
        self.value = value
        self.quality = min(max(quality, 0), 1000)
    }
}
