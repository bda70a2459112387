import NIOCore

extension JSONScanner {
    /// Reads one object, calling `member` for each key with the scanner on its value (which `member` must
    /// consume); the one member loop of the write, facts and body readers.
    mutating func forEachMember(_ member: (inout JSONScanner, StringToken) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return }
        while true {
            skipWhitespace()
            let key = try scanString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try member(&self, key)
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            try expect(UInt8(ascii: "}"))
            return
        }
    }
}
