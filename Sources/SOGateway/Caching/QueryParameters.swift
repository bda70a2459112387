/// Reads one parameter from a request target's query string, percent-decoded.
enum QueryParameters {
    /// The first value of `name` (matched case-insensitively, `%24select` == `$select`), or nil.
    static func value(named name: String, in target: String) -> String? {
        // A byte search: `firstIndex(of: Character)` walks grapheme clusters, and this runs on every task call.
        guard let question = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        let query = target[target.utf8.index(after: question)...]
        let wanted = name.lowercased()
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawName = parts.first, percentDecoded(rawName).lowercased() == wanted else { continue }
            return parts.count > 1 ? percentDecoded(parts[1]) : ""
        }
        return nil
    }

    /// Percent-decoding with `+` as space (form encoding); invalid escapes stay as they are.
    static func percentDecoded(_ text: Substring) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hexValue(iterator[iterator.startIndex]), let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
