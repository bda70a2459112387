/// Reads a JSON task request body with `JSONScanner`: one root object, `AssociateIds` (and `State` or `Name`
/// where the endpoint has them) matched case-insensitively, every other property validated and ignored.
enum JSONTaskBodyParser {
    static func parse(_ bytes: UnsafeRawBufferPointer, endpoint: TaskEndpoint, maxIds: Int) throws(TaskBodyError) -> TaskRequestBody {
        var scanner = JSONScanner(bytes)
        var fields = TaskBodyFields()
        let readsState = TaskBodyFields.readsState(endpoint)
        let readsName = TaskBodyFields.readsName(endpoint)
        scanner.skipByteOrderMark()
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: "{") else {
            throw scanner.isAtEnd ? .idsRequired : TaskBodyError(detail: "The request body must be a JSON object.")
        }
        scanner.position += 1
        scanner.skipWhitespace()
        if !scanner.consume(UInt8(ascii: "}")) {
            while true {
                scanner.skipWhitespace()
                let key = try scanner.scanString()
                scanner.skipWhitespace()
                try scanner.expect(UInt8(ascii: ":"))
                scanner.skipWhitespace()
                if scanner.string(key, equalsIgnoringCase: "AssociateIds") {
                    guard fields.ids == nil else { throw .idsDuplicated }
                    fields.ids = try parseIds(&scanner, maxIds: maxIds)
                } else if readsState, scanner.string(key, equalsIgnoringCase: "State") {
                    guard fields.state == nil else { throw .stateDuplicated }
                    let token = try scanner.scanString(orThrow: .stateInvalid)
                    guard let text = scanner.stringValue(token), let state = BatchTaskState(name: Array(text.utf8)[...]) else {
                        throw .stateInvalid
                    }
                    fields.state = state
                } else if readsName, scanner.string(key, equalsIgnoringCase: "Name") {
                    guard fields.name == nil else { throw .nameDuplicated }
                    let token = try scanner.scanString(orThrow: .nameInvalid)
                    guard let name = scanner.stringValue(token) else { throw .nameInvalid }
                    fields.name = name
                } else {
                    try scanner.skipValue(depth: 2)
                }
                scanner.skipWhitespace()
                if scanner.consume(UInt8(ascii: ",")) { continue }
                try scanner.expect(UInt8(ascii: "}"))
                break
            }
        }
        scanner.skipWhitespace()
        guard scanner.isAtEnd else { throw scanner.syntaxError() }
        return try fields.finish(endpoint: endpoint)
    }

    private static func parseIds(_ scanner: inout JSONScanner, maxIds: Int) throws(TaskBodyError) -> [Int32] {
        guard scanner.consume(UInt8(ascii: "[")) else {
            // Validate the value first so a syntax error is reported as such, then refuse the type.
            try scanner.skipValue(depth: 2)
            throw .idsNotArray
        }
        var ids: [Int32] = []
        ids.reserveCapacity(min(maxIds, 64))
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "]")) { return ids }
        while true {
            scanner.skipWhitespace()
            guard let first = scanner.peek() else { throw scanner.syntaxError() }
            guard first == UInt8(ascii: "-") || ASCIIBytes.isDigit(first) else {
                try scanner.skipValue(depth: 3)
                throw .idsNotIntegers
            }
            switch try scanner.scanInt32() {
            case .value(let id):
                guard ids.count < maxIds else { throw .tooManyIds(maxIds) }
                ids.append(id)
            case .notInteger:
                throw .idsNotIntegers
            case .outOfRange:
                throw .idOutOfRange
            }
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            try scanner.expect(UInt8(ascii: "]"))
            return ids
        }
    }
}
