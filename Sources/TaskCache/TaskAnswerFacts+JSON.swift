extension TaskAnswerFacts {
    /// Reads a JSON answer array with the strict `JSONScanner`; any syntax error makes the whole answer unreadable.
    static func readJSON(_ bytes: UnsafeRawBufferPointer) throws -> TaskAnswerFacts {
        var scanner = JSONScanner(bytes)
        var facts = TaskAnswerFacts(hasActiveTask: false, tasks: [])
        scanner.skipByteOrderMark()
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "["))
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "]")) { return facts }
        while true {
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "{") {
                try readJSONTask(&scanner).add(to: &facts)
            } else {
                // Not a task object (null, a number): nothing can be known about it.
                try scanner.skipValue(depth: 1)
                facts.hasActiveTask = true
            }
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            try scanner.expect(UInt8(ascii: "]"))
            return facts
        }
    }

    private static func readJSONTask(_ scanner: inout JSONScanner) throws -> TaskFields {
        var task = TaskFields()
        try scanner.forEachMember { scanner, key in
            if scanner.string(key, equalsIgnoringCase: "Id") {
                task.id = try jsonInt32(&scanner)
            } else if scanner.string(key, equalsIgnoringCase: "AssociateId") {
                task.associateId = try jsonInt32(&scanner)
            } else if scanner.string(key, equalsIgnoringCase: "State") {
                task.isFinal = try jsonStateIsFinal(&scanner)
            } else {
                try scanner.skipValue(depth: 2)
            }
        }
        return task
    }

    /// An int32, or nil for `null` or anything else (skipped).
    private static func jsonInt32(_ scanner: inout JSONScanner) throws -> Int32? {
        if let first = scanner.peek(), first == UInt8(ascii: "-") || ASCIIBytes.isDigit(first) {
            if case .value(let value) = try scanner.scanInt32() { return value }
            return nil
        }
        try scanner.skipValue(depth: 1)
        return nil
    }

    /// Whether a `State` value names a final state: a name in any case or the numbers 4, 5, 6 (also as strings).
    private static func jsonStateIsFinal(_ scanner: inout JSONScanner) throws -> Bool {
        switch scanner.peek() {
        case UInt8(ascii: "\""):
            let token = try scanner.scanString()
            guard let name = scanner.decode(token) else { return false }
            return BatchTaskState.isFinal(name[...])
        case .some(let first) where first == UInt8(ascii: "-") || ASCIIBytes.isDigit(first):
            guard case .value(let number) = try scanner.scanInt32() else { return false }
            return BatchTaskState.isFinal(number: number)
        default:
            try scanner.skipValue(depth: 1)
            return false
        }
    }
}
