extension TaskAnswerFacts {
    /// Reads an XML answer array (`<ArrayOf…><Item>…</Item>…</ArrayOf…>`) with `XMLScanner`.
    static func readXML(_ bytes: UnsafeRawBufferPointer) throws -> TaskAnswerFacts {
        var scanner = XMLScanner(bytes)
        var facts = TaskAnswerFacts(hasActiveTask: false, tasks: [])
        let root = try scanner.readProlog()
        if !root.isEmpty {
            contentLoop: while true {
                switch try scanner.nextContent(of: root) {
                case .text, .cdata:
                    continue
                case .child(let item):
                    try readXMLTask(&scanner, item).add(to: &facts)
                case .end:
                    break contentLoop
                }
            }
        }
        try scanner.readEpilog()
        return facts
    }

    private static func readXMLTask(_ scanner: inout XMLScanner, _ item: XMLScanner.StartTag) throws -> TaskFields {
        var task = TaskFields()
        if item.isEmpty { return task }
        while true {
            switch try scanner.nextContent(of: item) {
            case .text, .cdata:
                continue
            case .child(let field):
                if scanner.localName(of: field, equalsIgnoringCase: "Id") {
                    task.id = try xmlInt32(&scanner, field)
                } else if scanner.localName(of: field, equalsIgnoringCase: "AssociateId") {
                    task.associateId = try xmlInt32(&scanner, field)
                } else if scanner.localName(of: field, equalsIgnoringCase: "State") {
                    task.isFinal = try xmlStateIsFinal(&scanner, field)
                } else {
                    try scanner.skipElement(field, depth: 3)
                }
            case .end:
                return task
            }
        }
    }

    private static func xmlInt32(_ scanner: inout XMLScanner, _ field: XMLScanner.StartTag) throws -> Int32? {
        let text = try scanner.readLeafText(field, childError: TaskBodyError(detail: "not an integer"))
        guard !field.isNil else { return nil }
        return try? DecimalText.int32(text[...])
    }

    private static func xmlStateIsFinal(_ scanner: inout XMLScanner, _ field: XMLScanner.StartTag) throws -> Bool {
        let text = try scanner.readLeafText(field, childError: TaskBodyError(detail: "not a state"))
        guard !field.isNil else { return false }
        let trimmed = ASCIIBytes.trimmingWhitespace(text[...])
        if let number = try? DecimalText.int32(trimmed) {
            return BatchTaskState.isFinal(number: number)
        }
        return BatchTaskState.isFinal(trimmed)
    }
}
