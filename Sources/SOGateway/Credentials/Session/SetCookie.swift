import Foundation

/// One upstream `Set-Cookie` as a session jar needs it: the name, the value, and whether it deletes the cookie
/// (`Max-Age` ≤ 0, or an `Expires` in the past). Domain, path and flags do not matter for a single upstream.
struct SetCookie: Equatable {
    var name: String
    var value: String
    var removes: Bool

    /// Parses a header value; nil when it has no `name=`.
    init?(header: String, now: Date) {
        var parts = header.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        guard let pair = parts.next(), let equals = pair.firstIndex(of: "=") else { return nil }
        let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        var value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
            value = String(value.dropFirst().dropLast())
        }
        var maxAge: Int?
        var expires: Date?
        while let attribute = parts.next() {
            let pieces = attribute.split(separator: "=", maxSplits: 1)
            guard let key = pieces.first?.trimmingCharacters(in: .whitespaces).lowercased() else { continue }
            let argument = pieces.count > 1 ? pieces[1].trimmingCharacters(in: .whitespaces) : ""
            switch key {
            case "max-age": maxAge = Int(argument)
            case "expires": expires = Self.parseDate(argument)
            default: continue
            }
        }
        self.name = name
        self.value = value
        if let maxAge {
            // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
            self.removes = maxAge <= 0
        } else if let expires {
            self.removes = expires <= now
        } else {
            self.removes = false
        }
    }

    /// IMF-fixdate, also with the dashes older servers put in the date (`Thu, 01-Jan-1970 00:00:00 GMT`).
    static func parseDate(_ text: String) -> Date? {
        HTTPDate.parse(text) ?? HTTPDate.parse(text.replacingOccurrences(of: "-", with: " "))
    }
}
