/// Byte-level ASCII helpers shared by the hand-written scanners, so no scanner allocates a String to compare.
enum ASCIIBytes {
    /// Lowercases one ASCII letter; other bytes are returned unchanged.
    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// Compares bytes with an ASCII name, ignoring ASCII case.
    static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ name: String) -> Bool {
        guard bytes.count == name.utf8.count else { return false }
        var index = bytes.startIndex
        for expected in name.utf8 {
            if lower(bytes[index]) != lower(expected) { return false }
            index += 1
        }
        return true
    }

    /// Compares raw memory with an ASCII name, ignoring ASCII case.
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, from start: Int, count: Int, _ name: StaticString) -> Bool {
        guard count == name.utf8CodeUnitCount else { return false }
        let expected = UnsafeRawBufferPointer(start: name.utf8Start, count: count)
        for offset in 0..<count where lower(bytes[start + offset]) != lower(expected[offset]) {
            return false
        }
        return true
    }

    /// Whether a byte is JSON / XML insignificant whitespace (space, tab, CR, LF).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Whether a byte is an ASCII digit.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Drops leading and trailing whitespace (space, tab, CR, LF).
    static func trimmingWhitespace(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, isWhitespace(first) {
            slice = slice.dropFirst()
        }
        while let last = slice.last, isWhitespace(last) {
            slice = slice.dropLast()
        }
        return slice
    }
}
