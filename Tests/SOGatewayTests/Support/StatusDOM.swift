import Foundation

/// Reads the status page's values (`data-k` paths and their text) from its HTML or a browser's DOM dump, and
/// looks paths up in `/status.json`.
enum StatusDOM {
    static func cells(in html: String) -> [(path: String, text: String)] {
        var cells = [(String, String)]()
        var rest = Substring(html)
        while let start = rest.range(of: #"data-k=""#) {
            rest = rest[start.upperBound...]
            guard let quote = rest.firstIndex(of: "\""), let close = rest.firstIndex(of: ">") else { break }
            let path = String(rest[..<quote])
            rest = rest[rest.index(after: close)...]
            guard let end = rest.firstIndex(of: "<") else { break }
            cells.append((unescape(path), unescape(String(rest[..<end]))))
        }
        return cells
    }

    /// The JSON value at a dotted path (`clients.partner-a.2xx`); `NSNull` for null, nil when absent.
    static func lookup(_ path: String, in json: [String: Any]) -> Any? {
        var current: Any = json
        for part in path.split(separator: ".") {
            guard let object = current as? [String: Any], let next = object[String(part)] else { return nil }
            current = next
        }
        return current
    }

    /// Whether the page's text shows the JSON value (`—` for null).
    static func matches(_ text: String, _ value: Any) -> Bool {
        switch value {
        case is NSNull: return text == "—"
        case let number as NSNumber:
            if text == "true" || text == "false" { return text == (number.boolValue ? "true" : "false") }
            return Double(text) == number.doubleValue
        case let string as String: return text == string
        default: return false
        }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
