extension TaskAnswerSplitter {
    /// Finds the objects of a JSON answer array and their `Id` / `AssociateId`, with the strict `JSONScanner`.
    static func splitJSON(_ bytes: UnsafeRawBufferPointer) throws -> [ElementRange] {
        var scanner = JSONScanner(bytes)
        var ranges: [ElementRange] = []
        scanner.skipByteOrderMark()
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "["))
        scanner.skipWhitespace()
        if !scanner.consume(UInt8(ascii: "]")) {
            while true {
                scanner.skipWhitespace()
                ranges.append(try splitJSONObject(&scanner))
                scanner.skipWhitespace()
                if scanner.consume(UInt8(ascii: ",")) { continue }
                try scanner.expect(UInt8(ascii: "]"))
                break
            }
        }
        scanner.skipWhitespace()
        guard scanner.isAtEnd else { throw NotSplittable() }
        return ranges
    }

    private static func splitJSONObject(_ scanner: inout JSONScanner) throws -> ElementRange {
        let start = scanner.position
        try scanner.expect(UInt8(ascii: "{"))
        var taskId: Int32?
        var associateId: Int32?
        scanner.skipWhitespace()
        if !scanner.consume(UInt8(ascii: "}")) {
            while true {
                scanner.skipWhitespace()
                let key = try scanner.scanString()
                scanner.skipWhitespace()
                try scanner.expect(UInt8(ascii: ":"))
                scanner.skipWhitespace()
                if scanner.string(key, equalsIgnoringCase: "Id") {
                    guard taskId == nil else { throw NotSplittable() }
                    taskId = try jsonInt32(&scanner)
                } else if scanner.string(key, equalsIgnoringCase: "AssociateId") {
                    guard associateId == nil else { throw NotSplittable() }
                    associateId = try jsonInt32(&scanner)
                } else {
                    try scanner.skipValue(depth: 3)
                }
                scanner.skipWhitespace()
                if scanner.consume(UInt8(ascii: ",")) { continue }
                try scanner.expect(UInt8(ascii: "}"))
                break
            }
        }
        guard let taskId, let associateId else { throw NotSplittable() }
        return ElementRange(start: start, end: scanner.position, associateId: associateId, taskId: taskId)
    }

    private static func jsonInt32(_ scanner: inout JSONScanner) throws -> Int32 {
        guard let first = scanner.peek(), first == UInt8(ascii: "-") || ASCIIBytes.isDigit(first) else { throw NotSplittable() }
        guard case .value(let value) = try scanner.scanInt32() else { throw NotSplittable() }
        return value
    }
}
