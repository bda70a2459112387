/// Strict number reading for gateway.yml: digits only, so `1e3`, `0x10` or `+5` never pass as a count by accident.
enum ConfigNumber {
    /// A non-negative whole number made of ASCII digits (underscores allowed between digits, as YAML permits).
    static func parseWholeNumber(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.first != "_", text.last != "_" else { return nil }
        var value: Int64 = 0
        for character in text {
            if character == "_" { continue }
            guard let digit = character.asciiDigitValue else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(Int64(digit))
            if overflowA || overflowB { return nil }
            value = sum
        }
        return value
    }

    /// A whole number that may be negative, so a range check can say what was wrong.
    static func parseInteger(_ text: String) -> Int? {
        if text.hasPrefix("-") {
            return parseWholeNumber(text.dropFirst()).flatMap { Int(exactly: -$0) }
        }
        return parseWholeNumber(text[...]).flatMap { Int(exactly: $0) }
    }

    /// A finite decimal number like `5`, `0.5` or `12.25`; no exponents, no `inf`/`nan`.
    static func parseDecimal(_ text: String) -> Double? {
        let allowed = text.allSatisfy { $0.asciiDigitValue != nil || $0 == "." || $0 == "-" || $0 == "_" }
        guard allowed, let value = Double(text.filter { $0 != "_" }), value.isFinite else {
            return nil
        }
        return value
    }
}

extension Character {
    /// The value of an ASCII digit, or `nil`; `Character.wholeNumberValue` also accepts non-ASCII digits.
    fileprivate var asciiDigitValue: Int? {
        guard let ascii = asciiValue, (48...57).contains(ascii) else { return nil }
        return Int(ascii - 48)
    }
}
