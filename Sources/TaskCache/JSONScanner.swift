/// A strict RFC 8259 JSON scanner over raw bytes, written by hand because the cached-task path needs what
/// Foundation's JSONSerialization does not give: integers told apart from `1.0`/`1e2`, a nesting limit,
/// duplicate-key detection, case-insensitive property names without allocating, exact byte ranges of
/// elements (for per-associate composition) and speed (it runs on every cached request; a 20-id body parses
/// in well under 2 µs in release builds). FoundationXML is not linked, and no JSON library is a dependency.
///
/// It only moves a position through memory valid for the duration of one `withUnsafeReadableBytes` call.
struct JSONScanner {
    /// Containers nested deeper than this are refused (deeply nested JSON is a denial-of-service vector).
    static let maxDepth = 32

    /// A string's content range (without the quotes) and whether it contains escapes.
    struct StringToken {
        var start: Int
        var end: Int
        var hasEscapes: Bool
    }

    /// The outcome of reading a JSON number where an integer is wanted.
    enum IntegerScan {
        case value(Int32)
        case notInteger
        case outOfRange
    }

    let bytes: UnsafeRawBufferPointer
    var position: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.position = 0
    }

    var isAtEnd: Bool { position >= bytes.count }

    @inline(__always)
    func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    func syntaxError() -> TaskBodyError {
        .syntax("JSON", at: position)
    }

    /// Skips a UTF-8 byte order mark at the very start (ASP.NET tolerates one).
    mutating func skipByteOrderMark() {
        if position == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            position = 3
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count, ASCIIBytes.isWhitespace(bytes[position]) {
            position += 1
        }
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(TaskBodyError) {
        guard position < bytes.count, bytes[position] == byte else { throw syntaxError() }
        position += 1
    }

    /// Consumes `byte` when it is next.
    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Reads a string, validating escapes and refusing raw control characters.
    mutating func scanString() throws(TaskBodyError) -> StringToken {
        try expect(UInt8(ascii: "\""))
        let start = position
        var hasEscapes = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let token = StringToken(start: start, end: position, hasEscapes: hasEscapes)
                position += 1
                return token
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                position += 1
                guard position < bytes.count else { throw syntaxError() }
                switch bytes[position] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                case UInt8(ascii: "u"):
                    position += 1
                    for _ in 0..<4 {
                        guard position < bytes.count, Self.hexValue(bytes[position]) != nil else { throw syntaxError() }
                        position += 1
                    }
                default:
                    throw syntaxError()
                }
            } else if byte < 0x20 {
                throw syntaxError()
            } else {
                position += 1
            }
        }
        throw syntaxError()
    }

    /// Reads a string value; any other (valid) JSON value is refused with `error`.
    mutating func scanString(orThrow error: TaskBodyError) throws(TaskBodyError) -> StringToken {
        guard peek() == UInt8(ascii: "\"") else {
            try skipValue(depth: 2)
            throw error
        }
        return try scanString()
    }

    /// Whether a string equals an ASCII name, ignoring ASCII case (as ASP.NET binds property names).
    func string(_ token: StringToken, equalsIgnoringCase name: StaticString) -> Bool {
        if !token.hasEscapes {
            return ASCIIBytes.equalsIgnoringCase(bytes, from: token.start, count: token.end - token.start, name)
        }
        guard let decoded = decode(token) else { return false }
        return decoded.withUnsafeBytes { ASCIIBytes.equalsIgnoringCase($0, from: 0, count: decoded.count, name) }
    }

    /// The string's text, or nil when it is not valid Unicode (invalid UTF-8 or a lone surrogate escape).
    func stringValue(_ token: StringToken) -> String? {
        let decoded: [UInt8]
        if token.hasEscapes {
            guard let unescaped = decode(token) else { return nil }
            decoded = unescaped
        } else {
            decoded = Array(bytes[token.start..<token.end])
        }
        let text = String(decoding: decoded, as: UTF8.self)
        // Decoding repairs invalid UTF-8 with U+FFFD; a repaired string no longer equals its bytes.
        return text.utf8.elementsEqual(decoded) ? text : nil
    }

    /// Unescapes a validated string token into UTF-8; nil for lone or mismatched surrogate escapes.
    func decode(_ token: StringToken) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(token.end - token.start)
        var index = token.start
        while index < token.end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: index) else { return nil }
                index += 4
                var scalar = unit
                if (0xD800...0xDBFF).contains(unit) {
                    guard index + 6 <= token.end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                        let low = hex4(at: index + 2), (0xDC00...0xDFFF).contains(low)
                    else { return nil }
                    index += 6
                    scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(unit) {
                    return nil
                }
                Self.appendUTF8(scalar, to: &output)
            default:
                output.append(escape)
            }
        }
        return output
    }

    /// Skips any value, validating it fully; `depth` is the nesting level a container here would have.
    mutating func skipValue(depth: Int) throws(TaskBodyError) {
        guard let byte = peek() else { throw syntaxError() }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth <= Self.maxDepth else { throw .tooDeep }
            position += 1
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return }
            while true {
                skipWhitespace()
                _ = try scanString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if consume(UInt8(ascii: ",")) { continue }
                try expect(UInt8(ascii: "}"))
                return
            }
        case UInt8(ascii: "["):
            guard depth <= Self.maxDepth else { throw .tooDeep }
            position += 1
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                if consume(UInt8(ascii: ",")) { continue }
                try expect(UInt8(ascii: "]"))
                return
            }
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "t"):
            try expectLiteral("true")
        case UInt8(ascii: "f"):
            try expectLiteral("false")
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
        default:
            throw syntaxError()
        }
    }

    /// Skips a number per the JSON grammar (no leading zeros, no bare `.5`, no `+1`).
    mutating func skipNumber() throws(TaskBodyError) {
        _ = consume(UInt8(ascii: "-"))
        guard let first = peek(), ASCIIBytes.isDigit(first) else { throw syntaxError() }
        position += 1
        if first != UInt8(ascii: "0") {
            skipDigits()
        }
        if consume(UInt8(ascii: ".")) {
            guard let digit = peek(), ASCIIBytes.isDigit(digit) else { throw syntaxError() }
            skipDigits()
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) {
                _ = consume(UInt8(ascii: "-"))
            }
            guard let digit = peek(), ASCIIBytes.isDigit(digit) else { throw syntaxError() }
            skipDigits()
        }
        if let next = peek(), ASCIIBytes.isDigit(next) {
            // A leading zero followed by digits ("01").
            throw syntaxError()
        }
    }

    /// Reads a number that should be a 32-bit integer. The caller has checked that it starts with `-` or a digit.
    /// Fractions and exponents (even `1.0`, `1e2`) are `.notInteger`; malformed numbers throw.
    mutating func scanInt32() throws(TaskBodyError) -> IntegerScan {
        let start = position
        let negative = consume(UInt8(ascii: "-"))
        guard let first = peek(), ASCIIBytes.isDigit(first) else { throw syntaxError() }
        var magnitude: UInt64 = 0
        if first == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < bytes.count, ASCIIBytes.isDigit(bytes[position]) {
                if magnitude < 10_000_000_000 {
                    magnitude = magnitude * 10 + UInt64(bytes[position] &- UInt8(ascii: "0"))
                }
                position += 1
            }
        }
        if let next = peek() {
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
                position = start
                try skipNumber()
                return .notInteger
            }
            if ASCIIBytes.isDigit(next) { throw syntaxError() }
        }
        if negative {
            return magnitude <= 2_147_483_648 ? .value(Int32(truncatingIfNeeded: -Int64(magnitude))) : .outOfRange
        }
        return magnitude <= 2_147_483_647 ? .value(Int32(truncatingIfNeeded: magnitude)) : .outOfRange
    }

    private mutating func skipDigits() {
        while position < bytes.count, ASCIIBytes.isDigit(bytes[position]) {
            position += 1
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(TaskBodyError) {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw syntaxError() }
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where bytes[position + offset] != expected[offset] {
            throw syntaxError()
        }
        position += count
    }

    private func hex4(at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let digit = Self.hexValue(bytes[index + offset]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Appends a Unicode scalar value (already checked not to be a surrogate) as UTF-8.
    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (scalar >> 6)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (scalar >> 12)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (scalar >> 18)))
            output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
