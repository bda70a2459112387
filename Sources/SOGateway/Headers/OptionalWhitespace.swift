/// HTTP optional whitespace (spaces and tabs, RFC 9110 §5.6.3) around header values and list elements,
/// trimmed without Foundation; every stage that reads a header value uses these.
extension Substring {
    /// Drops leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

extension String {
    /// Drops leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        String(Substring(self).trimmingSpaces())
    }
}
