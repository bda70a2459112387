/// Parses RFC 9110 weighted lists (`#( token *( OWS ";" OWS parameter ) )` with `q=` weights) by hand,
/// because both content negotiations need the same strict reading of q-values.
///
/// Malformed elements (a bad `q`, characters outside `tchar`, an unterminated quoted string) are dropped:
/// a sender that cannot spell its preference gets no say, and callers fall back to their defaults.
public enum WeightedList {
    /// Parses every header value of one field (repeated fields are one comma-separated list).
    /// - Parameter headerValues: the raw field values, in order.
    /// - Returns: the well-formed elements, in order; empty list elements are skipped.
    public static func parse(_ headerValues: [String]) -> [WeightedElement] {
        if headerValues.count == 1, let single = singleToken(headerValues[0]) {
            return [single]
        }
        var result: [WeightedElement] = []
        for headerValue in headerValues {
            for element in splitOutsideQuotes(Array(headerValue.utf8), separator: UInt8(ascii: ",")) {
                if let parsed = parseElement(element) {
                    result.append(parsed)
                }
            }
        }
        return result
    }

    /// The common case, one bare token such as `gzip` or `application/json`, read without the general
    /// machinery (this runs for every request); nil when the value has anything else in it.
    static func singleToken(_ value: String) -> WeightedElement? {
        let bytes = value.utf8
        guard !bytes.isEmpty, bytes.allSatisfy(isRangeByte) else { return nil }
        return WeightedElement(value: lowercased(bytes), quality: 1000)
    }

    /// A byte of a coding or media-range name: a token character or the `/` of `type/subtype`.
    private static func isRangeByte(_ byte: UInt8) -> Bool {
        isTokenByte(byte) || byte == UInt8(ascii: "/")
    }

    /// The ASCII-lowercased text of a token.
    private static func lowercased(_ bytes: some Sequence<UInt8>) -> String {
        String(decoding: bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// Parses an RFC 9110 `qvalue` into thousandths: `0[.ddd]` or `1[.000]`; nil when malformed.
    /// - Parameter bytes: the text after `q=`.
    public static func parseQuality(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard let first = bytes.first else { return nil }
        let rest = bytes.dropFirst()
        let whole: Int
        switch first {
        case UInt8(ascii: "0"): whole = 0
        case UInt8(ascii: "1"): whole = 1000
        default: return nil
        }
        if rest.isEmpty { return whole }
        guard rest.first == UInt8(ascii: "."), rest.count <= 4 else { return nil }
        var fraction = 0
        var scale = 100
        for digit in rest.dropFirst() {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            fraction += Int(digit - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        if whole == 1000 && fraction != 0 { return nil }
        return whole + fraction
    }

    private static func parseElement(_ element: ArraySlice<UInt8>) -> WeightedElement? {
        let parts = splitOutsideQuotes(Array(element), separator: UInt8(ascii: ";"))
        guard let head = parts.first.map(trimmed), !head.isEmpty else { return nil }
        guard head.allSatisfy(isRangeByte) else { return nil }
        var quality = 1000
        for rawParameter in parts.dropFirst() {
            let parameter = trimmed(rawParameter)
            if parameter.isEmpty { continue }
            guard let equals = parameter.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let name = trimmed(parameter[parameter.startIndex..<equals])
            let value = trimmed(parameter[(equals + 1)...])
            guard !name.isEmpty, name.allSatisfy(isTokenByte), !value.isEmpty else { return nil }
            if name.count == 1, name.first == UInt8(ascii: "q") || name.first == UInt8(ascii: "Q") {
                guard let parsed = parseQuality(value) else { return nil }
                quality = parsed
            }
        }
        return WeightedElement(value: lowercased(head), quality: quality)
    }

    /// Splits on `separator` outside double-quoted strings; an unterminated quote makes the last piece invalid
    /// (it keeps its opening quote, which no caller accepts as a token or parameter value start).
    private static func splitOutsideQuotes(_ bytes: [UInt8], separator: UInt8) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        var inQuotes = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == UInt8(ascii: "\\") {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inQuotes = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inQuotes = true
            } else if byte == separator {
                pieces.append(bytes[start..<index])
                start = index + 1
            }
            index += 1
        }
        if inQuotes {
            // Unterminated quoted string: poison the piece so the element is dropped.
            pieces.append([UInt8(ascii: "\"")][...])
        } else {
            pieces.append(bytes[start..<bytes.count])
        }
        return pieces
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            slice = slice.dropFirst()
        }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            slice = slice.dropLast()
        }
        return slice
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
