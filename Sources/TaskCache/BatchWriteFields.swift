import NIOCore

/// The id fields of a Batch agent write body, wherever the five writes keep them. Property and element
/// names match case-insensitively (ASP.NET binds so); a field given twice, or not as an int32, makes the
/// body unreadable (nil), and the caller then evicts everything.
struct BatchWriteFields {
    var id: Int32?
    var batchTaskId: Int32?
    var batchTaskIds: [Int32]?
    var infoId: Int32?
    var infoAssociateId: Int32?

    struct Unreadable: Error {}

    /// Reads the fields; nil when the body cannot be read exactly.
    static func read(_ body: ByteBuffer, format: BodyFormat) -> BatchWriteFields? {
        body.withUnsafeReadableBytes { bytes in
            switch format {
            case .json: return try? readJSON(bytes)
            case .xml: return try? readXML(bytes)
            case .form: return try? readForm(bytes)
            }
        }
    }

    /// Sets a field once.
    static func set(_ field: inout Int32?, _ value: Int32) throws {
        guard field == nil else { throw Unreadable() }
        field = value
    }

    // MARK: JSON

    private static func readJSON(_ bytes: UnsafeRawBufferPointer) throws -> BatchWriteFields {
        var scanner = JSONScanner(bytes)
        var fields = BatchWriteFields()
        scanner.skipByteOrderMark()
        scanner.skipWhitespace()
        try scanner.forEachMember { scanner, key in
            if scanner.string(key, equalsIgnoringCase: "Id") {
                try set(&fields.id, jsonInt32(&scanner))
            } else if scanner.string(key, equalsIgnoringCase: "BatchTaskId") {
                try set(&fields.batchTaskId, jsonInt32(&scanner))
            } else if scanner.string(key, equalsIgnoringCase: "BatchTaskIds") {
                guard fields.batchTaskIds == nil else { throw Unreadable() }
                fields.batchTaskIds = try jsonInt32Array(&scanner)
            } else if scanner.string(key, equalsIgnoringCase: "BatchTaskInfo") {
                try scanner.forEachMember { scanner, key in
                    if scanner.string(key, equalsIgnoringCase: "Id") {
                        try set(&fields.infoId, jsonInt32(&scanner))
                    } else if scanner.string(key, equalsIgnoringCase: "AssociateId") {
                        try set(&fields.infoAssociateId, jsonInt32(&scanner))
                    } else {
                        try scanner.skipValue(depth: 2)
                    }
                }
            } else {
                try scanner.skipValue(depth: 1)
            }
        }
        scanner.skipWhitespace()
        guard scanner.isAtEnd else { throw Unreadable() }
        return fields
    }

    private static func jsonInt32(_ scanner: inout JSONScanner) throws -> Int32 {
        guard let first = scanner.peek(), first == UInt8(ascii: "-") || ASCIIBytes.isDigit(first),
            case .value(let value) = try scanner.scanInt32()
        else { throw Unreadable() }
        return value
    }

    private static func jsonInt32Array(_ scanner: inout JSONScanner) throws -> [Int32] {
        try scanner.expect(UInt8(ascii: "["))
        var ids: [Int32] = []
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "]")) { return ids }
        while true {
            scanner.skipWhitespace()
            ids.append(try jsonInt32(&scanner))
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            try scanner.expect(UInt8(ascii: "]"))
            return ids
        }
    }

    // MARK: XML

    private static func readXML(_ bytes: UnsafeRawBufferPointer) throws -> BatchWriteFields {
        var scanner = XMLScanner(bytes)
        var fields = BatchWriteFields()
        let root = try scanner.readProlog()
        try xmlChildren(&scanner, of: root) { scanner, child in
            if scanner.localName(of: child, equalsIgnoringCase: "Id") {
                try set(&fields.id, xmlInt32(&scanner, child))
            } else if scanner.localName(of: child, equalsIgnoringCase: "BatchTaskId") {
                try set(&fields.batchTaskId, xmlInt32(&scanner, child))
            } else if scanner.localName(of: child, equalsIgnoringCase: "BatchTaskIds") {
                guard fields.batchTaskIds == nil else { throw Unreadable() }
                var ids: [Int32] = []
                try xmlChildren(&scanner, of: child) { scanner, item in ids.append(try xmlInt32(&scanner, item)) }
                fields.batchTaskIds = ids
            } else if scanner.localName(of: child, equalsIgnoringCase: "BatchTaskInfo") {
                try xmlChildren(&scanner, of: child) { scanner, field in
                    if scanner.localName(of: field, equalsIgnoringCase: "Id") {
                        try set(&fields.infoId, xmlInt32(&scanner, field))
                    } else if scanner.localName(of: field, equalsIgnoringCase: "AssociateId") {
                        try set(&fields.infoAssociateId, xmlInt32(&scanner, field))
                    } else {
                        try scanner.skipElement(field, depth: 3)
                    }
                }
            } else {
                try scanner.skipElement(child, depth: 2)
            }
        }
        try scanner.readEpilog()
        return fields
    }

    /// Calls `child` for each child element; text between children must be whitespace.
    private static func xmlChildren(
        _ scanner: inout XMLScanner, of parent: XMLScanner.StartTag, _ child: (inout XMLScanner, XMLScanner.StartTag) throws -> Void
    ) throws {
        if parent.isEmpty { return }
        while true {
            switch try scanner.nextContent(of: parent) {
            case .text(let start, let end), .cdata(let start, let end):
                guard scanner.isWhitespace(start, end) else { throw Unreadable() }
            case .child(let tag):
                try child(&scanner, tag)
            case .end:
                return
            }
        }
    }

    private static func xmlInt32(_ scanner: inout XMLScanner, _ tag: XMLScanner.StartTag) throws -> Int32 {
        guard !tag.isNil else { throw Unreadable() }
        let text = try scanner.readLeafText(tag, childError: TaskBodyError(detail: "not an integer"))
        return try DecimalText.int32(ASCIIBytes.trimmingWhitespace(text[...]))
    }

    // MARK: Form

    /// `Id`, `BatchTaskId`, `BatchTaskIds` (repeated, `[]`, `[n]`, or comma-separated), and
    /// `BatchTaskInfo.Id` / `BatchTaskInfo[Id]` (likewise `AssociateId`).
    private static func readForm(_ bytes: UnsafeRawBufferPointer) throws -> BatchWriteFields {
        var fields = BatchWriteFields()
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") {
                end += 1
            }
            var equals = start
            while equals < end, bytes[equals] != UInt8(ascii: "=") {
                equals += 1
            }
            if end > start {
                let key = try FormTaskBodyParser.percentDecode(bytes, start, equals)
                let value = equals < end ? try FormTaskBodyParser.percentDecode(bytes, equals + 1, end) : []
                try fields.addForm(key: key[...], value: value[...])
            }
            start = end + 1
        }
        return fields
    }

    private mutating func addForm(key: ArraySlice<UInt8>, value: ArraySlice<UInt8>) throws {
        func int32() throws -> Int32 { try DecimalText.int32(ASCIIBytes.trimmingWhitespace(value)) }
        if ASCIIBytes.equalsIgnoringCase(key, "Id") {
            try Self.set(&id, int32())
        } else if ASCIIBytes.equalsIgnoringCase(key, "BatchTaskId") {
            try Self.set(&batchTaskId, int32())
        } else if let member = Self.member(of: "BatchTaskInfo", in: key) {
            if ASCIIBytes.equalsIgnoringCase(member, "Id") {
                try Self.set(&infoId, int32())
            } else if ASCIIBytes.equalsIgnoringCase(member, "AssociateId") {
                try Self.set(&infoAssociateId, int32())
            }
        } else if Self.isList(named: "BatchTaskIds", key) {
            var ids = batchTaskIds ?? []
            for piece in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
                ids.append(try DecimalText.int32(ASCIIBytes.trimmingWhitespace(piece)))
            }
            batchTaskIds = ids
        }
    }

    /// `Name.Member` or `Name[Member]` → `Member`.
    private static func member(of name: String, in key: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let count = name.utf8.count
        guard key.count > count + 1, ASCIIBytes.equalsIgnoringCase(key.prefix(count), name) else { return nil }
        let rest = key.dropFirst(count)
        if rest.first == UInt8(ascii: ".") { return rest.dropFirst() }
        if rest.first == UInt8(ascii: "["), rest.last == UInt8(ascii: "]") { return rest.dropFirst().dropLast() }
        return nil
    }

    /// `Name`, `Name[]` or `Name[<digits>]`.
    private static func isList(named name: String, _ key: ArraySlice<UInt8>) -> Bool {
        let count = name.utf8.count
        guard key.count >= count, ASCIIBytes.equalsIgnoringCase(key.prefix(count), name) else { return false }
        let suffix = key.dropFirst(count)
        if suffix.isEmpty { return true }
        guard suffix.first == UInt8(ascii: "["), suffix.last == UInt8(ascii: "]"), suffix.count >= 2 else { return false }
        return suffix.dropFirst().dropLast().allSatisfy(ASCIIBytes.isDigit)
    }
}
