extension TaskAnswerSplitter {
    /// Finds the item elements of an XML answer array and their `Id` / `AssociateId` children, with `XMLScanner`.
    static func splitXML(_ bytes: UnsafeRawBufferPointer) throws -> [ElementRange] {
        var scanner = XMLScanner(bytes)
        var ranges: [ElementRange] = []
        let root = try scanner.readProlog()
        if !root.isEmpty {
            contentLoop: while true {
                switch try scanner.nextContent(of: root) {
                case .text(let start, let end), .cdata(let start, let end):
                    guard scanner.isWhitespace(start, end) else { throw NotSplittable() }
                case .child(let item):
                    ranges.append(try splitXMLItem(&scanner, item))
                case .end:
                    break contentLoop
                }
            }
        }
        try scanner.readEpilog()
        return ranges
    }

    private static func splitXMLItem(_ scanner: inout XMLScanner, _ item: XMLScanner.StartTag) throws -> ElementRange {
        guard !item.isEmpty, !item.isNil else { throw NotSplittable() }
        var taskId: Int32?
        var associateId: Int32?
        while true {
            switch try scanner.nextContent(of: item) {
            case .text(let start, let end), .cdata(let start, let end):
                guard scanner.isWhitespace(start, end) else { throw NotSplittable() }
            case .child(let field):
                if scanner.localName(of: field, equalsIgnoringCase: "Id") {
                    guard taskId == nil else { throw NotSplittable() }
                    taskId = try xmlInt32(&scanner, field)
                } else if scanner.localName(of: field, equalsIgnoringCase: "AssociateId") {
                    guard associateId == nil else { throw NotSplittable() }
                    associateId = try xmlInt32(&scanner, field)
                } else {
                    try scanner.skipElement(field, depth: 3)
                }
            case .end(let after):
                guard let taskId, let associateId else { throw NotSplittable() }
                return ElementRange(start: item.tagStart, end: after, associateId: associateId, taskId: taskId)
            }
        }
    }

    private static func xmlInt32(_ scanner: inout XMLScanner, _ field: XMLScanner.StartTag) throws -> Int32 {
        guard !field.isNil else { throw NotSplittable() }
        let text = try scanner.readLeafText(field, childError: TaskBodyError(detail: "not an integer"))
        return try DecimalText.int32(text[...])
    }
}
