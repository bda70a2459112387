/// Parses the integer spellings XML (`xs:int`) and form bodies allow, so both read ids by the same rules.
enum DecimalText {
    /// Surrounding whitespace, an optional `+`/`-`, then decimal digits; leading zeros are allowed.
    /// - Parameter text: the text to parse.
    static func int32(_ text: ArraySlice<UInt8>) throws(TaskBodyError) -> Int32 {
        var digits = ASCIIBytes.trimmingWhitespace(text)
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { throw .idsNotIntegers }
        var magnitude: UInt64 = 0
        for digit in digits {
            guard ASCIIBytes.isDigit(digit) else { throw .idsNotIntegers }
            if magnitude < 10_000_000_000 {
                magnitude = magnitude * 10 + UInt64(digit - UInt8(ascii: "0"))
            }
        }
        if negative {
            guard magnitude <= 2_147_483_648 else { throw .idOutOfRange }
            return Int32(truncatingIfNeeded: -Int64(magnitude))
        }
        guard magnitude <= 2_147_483_647 else { throw .idOutOfRange }
        return Int32(truncatingIfNeeded: magnitude)
    }
}
