/// Reads an XML task request body with `XMLScanner`: any root element name, namespaces ignored, element names
/// matched case-insensitively, `<AssociateIds>` holding one integer per child element of any name
/// (`<int>` in DataContract XML), other children validated and ignored.
enum XMLTaskBodyParser {
    static let unexpectedText = TaskBodyError(detail: "The XML request body has text outside the expected elements.")

    static func parse(_ bytes: UnsafeRawBufferPointer, endpoint: TaskEndpoint, maxIds: Int) throws(TaskBodyError) -> TaskRequestBody {
        var scanner = XMLScanner(bytes)
        var fields = TaskBodyFields()
        let readsState = TaskBodyFields.readsState(endpoint)
        let readsName = TaskBodyFields.readsName(endpoint)
        let root = try scanner.readProlog()
        if !root.isEmpty {
            contentLoop: while true {
                switch try scanner.nextContent(of: root) {
                case .text(let start, let end), .cdata(let start, let end):
                    guard scanner.isWhitespace(start, end) else { throw unexpectedText }
                case .child(let child):
                    if scanner.localName(of: child, equalsIgnoringCase: "AssociateIds") {
                        guard fields.ids == nil else { throw .idsDuplicated }
                        fields.ids = try parseIds(&scanner, child, maxIds: maxIds)
                    } else if readsState, scanner.localName(of: child, equalsIgnoringCase: "State") {
                        guard fields.state == nil else { throw .stateDuplicated }
                        guard !child.isNil else { throw .stateInvalid }
                        let text = try scanner.readLeafText(child, childError: .stateInvalid)
                        guard let state = BatchTaskState(name: ASCIIBytes.trimmingWhitespace(text[...])) else {
                            throw .stateInvalid
                        }
                        fields.state = state
                    } else if readsName, scanner.localName(of: child, equalsIgnoringCase: "Name") {
                        guard fields.name == nil else { throw .nameDuplicated }
                        guard !child.isNil else { throw .nameInvalid }
                        let text = try scanner.readLeafText(child, childError: .nameInvalid)
                        let name = String(decoding: text, as: UTF8.self)
                        guard name.utf8.elementsEqual(text) else { throw .nameInvalid }
                        fields.name = name
                    } else {
                        try scanner.skipElement(child, depth: 2)
                    }
                case .end:
                    break contentLoop
                }
            }
        }
        try scanner.readEpilog()
        return try fields.finish(endpoint: endpoint)
    }

    private static func parseIds(_ scanner: inout XMLScanner, _ list: XMLScanner.StartTag, maxIds: Int) throws(TaskBodyError) -> [Int32] {
        guard !list.isNil else { throw .idsNotArray }
        var ids: [Int32] = []
        if list.isEmpty { return ids }
        while true {
            switch try scanner.nextContent(of: list) {
            case .text(let start, let end), .cdata(let start, let end):
                guard scanner.isWhitespace(start, end) else { throw .idsNotArray }
            case .child(let item):
                guard !item.isNil else { throw .idsNotIntegers }
                let text = try scanner.readLeafText(item, childError: .idsNotIntegers)
                let id = try DecimalText.int32(text[...])
                guard ids.count < maxIds else { throw .tooManyIds(maxIds) }
                ids.append(id)
            case .end:
                return ids
            }
        }
    }
}
