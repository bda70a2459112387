/// Canonicalises the `$select` query value, so `Id, name` and `NAME,id,id` share one cache key
/// (the WebAPI matches names case-insensitively and a repeated name changes nothing).
public enum SelectNormalizer {
    /// Splits on `,`, trims whitespace, lowercases, drops empties, de-duplicates, sorts and joins with `,`.
    /// The value must already be percent-decoded.
    /// - Parameter select: the decoded `$select` value, or nil when absent.
    /// - Returns: the canonical list; "" when absent or empty (meaning "all fields").
    public static func normalize(_ select: String?) -> String {
        guard let select, !select.isEmpty else { return "" }
        var names = Set<String>()
        for piece in select.split(separator: ",", omittingEmptySubsequences: true) {
            let trimmed = ASCIIBytes.trimmingWhitespace(ArraySlice(piece.utf8))
            if trimmed.isEmpty { continue }
            names.insert(String(decoding: trimmed, as: UTF8.self).lowercased())
        }
        return names.sorted().joined(separator: ",")
    }
}
