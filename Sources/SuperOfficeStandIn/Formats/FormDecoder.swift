import Foundation

/// Decodes `application/x-www-form-urlencoded` text (bodies and query strings) into ordered name/value pairs.
enum FormDecoder {
    static func pairs(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { field in
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(String(parts[0]))
            let value = parts.count > 1 ? percentDecode(String(parts[1])) : ""
            return (name, value)
        }
    }

    /// The first value for `name` (case-insensitive), as ASP.NET's form binding would find it.
    static func value(_ name: String, in pairs: [(name: String, value: String)]) -> String? {
        let wanted = name.lowercased()
        return pairs.first { $0.name.lowercased() == wanted }?.value
    }

    /// `+` as a space, then Foundation's percent-decoding; text with a malformed `%` escape is kept as it came.
    static func percentDecode(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
