/// A small strict XML 1.0 reader over raw bytes, written by hand because FoundationXML is not linked and the
/// cached-task path must be fast and safe on untrusted input. It refuses document type declarations outright
/// (no DOCTYPE, no ENTITY: no XXE, no billion laughs), knows only the five predefined entities and character
/// references, ignores namespaces (callers compare local names) and refuses nesting deeper than 32 levels.
///
/// It only moves a position through memory valid for the duration of one `withUnsafeReadableBytes` call.
struct XMLScanner {
    /// Elements nested deeper than this are refused.
    static let maxDepth = 32

    /// An element's start tag: where it starts, its qualified and local name, and what its attributes said.
    struct StartTag {
        /// Offset of the `<`.
        var tagStart: Int
        var nameStart: Int
        var nameEnd: Int
        /// Offset of the local name (after the last `:` of the qualified name).
        var localStart: Int
        /// `<name/>`: no content and no end tag.
        var isEmpty: Bool
        /// Carries `nil="true"` (any prefix), the serializer's spelling of null.
        var isNil: Bool
    }

    /// One piece of element content.
    enum Content {
        /// Character data, possibly with references, in `start..<end`.
        case text(start: Int, end: Int)
        /// A CDATA section's raw content in `start..<end`.
        case cdata(start: Int, end: Int)
        /// A child element's start tag.
        case child(StartTag)
        /// The parent's matching end tag; `after` is the offset just past its `>`.
        case end(after: Int)
    }

    static let doctypeRefused = TaskBodyError(detail: "XML document type and entity declarations are not allowed.")
    static let entityRefused = TaskBodyError(
        detail: "XML entity references other than &lt; &gt; &amp; &quot; &apos; and character references are not allowed."
    )

    let bytes: UnsafeRawBufferPointer
    var position: Int

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.position = 0
    }

    func syntaxError() -> TaskBodyError {
        .syntax("XML", at: position)
    }

    /// Skips the byte order mark, XML declaration, comments and processing instructions, then reads the root's start tag.
    mutating func readProlog() throws(TaskBodyError) -> StartTag {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            position = 3
        }
        try skipMisc()
        guard position < bytes.count else { throw syntaxError() }
        return try readStartTag()
    }

    /// After the root: only whitespace, comments and processing instructions may follow.
    mutating func readEpilog() throws(TaskBodyError) {
        try skipMisc()
        guard position >= bytes.count else { throw syntaxError() }
    }

    /// Reads the next piece of `parent`'s content, skipping comments and processing instructions.
    mutating func nextContent(of parent: StartTag) throws(TaskBodyError) -> Content {
        while true {
            guard position < bytes.count else { throw syntaxError() }
            guard bytes[position] == UInt8(ascii: "<") else {
                return try readText()
            }
            if hasPrefix("</") {
                position += 2
                let nameStart = position
                try skipName()
                let length = position - nameStart
                guard length == parent.nameEnd - parent.nameStart,
                    memcmpEqual(nameStart, parent.nameStart, length)
                else { throw syntaxError() }
                skipWhitespace()
                try expect(UInt8(ascii: ">"))
                return .end(after: position)
            }
            if hasPrefix("<!--") {
                try skipComment()
                continue
            }
            if hasPrefix("<![CDATA[") {
                position += 9
                let start = position
                guard let end = find("]]>") else { throw syntaxError() }
                position = end + 3
                return .cdata(start: start, end: end)
            }
            if hasPrefix("<?") {
                try skipProcessingInstruction()
                continue
            }
            if hasPrefix("<!") {
                throw hasPrefix("<!DOCTYPE") || hasPrefix("<!ENTITY") ? Self.doctypeRefused : syntaxError()
            }
            return .child(try readStartTag())
        }
    }

    /// Skips an element's content up to and including its end tag; `depth` is the element's own depth.
    /// - Returns: the offset just past the element.
    @discardableResult
    mutating func skipElement(_ tag: StartTag, depth: Int) throws(TaskBodyError) -> Int {
        guard depth <= Self.maxDepth else { throw .tooDeep }
        if tag.isEmpty { return position }
        while true {
            switch try nextContent(of: tag) {
            case .text(let start, let end):
                var sink: [UInt8] = []
                try decodeText(start, end, into: &sink)
            case .cdata:
                continue
            case .child(let child):
                try skipElement(child, depth: depth + 1)
            case .end(let after):
                return after
            }
        }
    }

    /// Reads an element that must hold only text (child elements are refused with `childError`).
    mutating func readLeafText(_ tag: StartTag, childError: TaskBodyError) throws(TaskBodyError) -> [UInt8] {
        var text: [UInt8] = []
        if tag.isEmpty { return text }
        while true {
            switch try nextContent(of: tag) {
            case .text(let start, let end):
                try decodeText(start, end, into: &text)
            case .cdata(let start, let end):
                text.append(contentsOf: bytes[start..<end])
            case .child:
                throw childError
            case .end:
                return text
            }
        }
    }

    /// Whether text content is only XML whitespace (references count as content).
    func isWhitespace(_ start: Int, _ end: Int) -> Bool {
        for index in start..<end where !ASCIIBytes.isWhitespace(bytes[index]) {
            return false
        }
        return true
    }

    /// Whether the tag's local name equals an ASCII name, ignoring ASCII case.
    func localName(of tag: StartTag, equalsIgnoringCase name: StaticString) -> Bool {
        ASCIIBytes.equalsIgnoringCase(bytes, from: tag.localStart, count: tag.nameEnd - tag.localStart, name)
    }

    /// Appends decoded character data (predefined entities and character references resolved).
    func decodeText(_ start: Int, _ end: Int, into output: inout [UInt8]) throws(TaskBodyError) {
        var index = start
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            var semicolon = index + 1
            while semicolon < end, bytes[semicolon] != UInt8(ascii: ";") {
                semicolon += 1
            }
            guard semicolon < end else { throw .syntax("XML", at: index) }
            let name = ArraySlice(bytes[(index + 1)..<semicolon])
            if name.first == UInt8(ascii: "#") {
                guard let scalar = Self.characterReference(name.dropFirst()) else { throw .syntax("XML", at: index) }
                JSONScanner.appendUTF8(scalar, to: &output)
            } else if name.elementsEqual("lt".utf8) {
                output.append(UInt8(ascii: "<"))
            } else if name.elementsEqual("gt".utf8) {
                output.append(UInt8(ascii: ">"))
            } else if name.elementsEqual("amp".utf8) {
                output.append(UInt8(ascii: "&"))
            } else if name.elementsEqual("quot".utf8) {
                output.append(UInt8(ascii: "\""))
            } else if name.elementsEqual("apos".utf8) {
                output.append(UInt8(ascii: "'"))
            } else {
                throw Self.entityRefused
            }
            index = semicolon + 1
        }
    }

    private mutating func readText() throws(TaskBodyError) -> Content {
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "<") {
            position += 1
        }
        return .text(start: start, end: position)
    }

    private mutating func readStartTag() throws(TaskBodyError) -> StartTag {
        let tagStart = position
        try expect(UInt8(ascii: "<"))
        let nameStart = position
        try skipName()
        let nameEnd = position
        var localStart = nameStart
        for index in nameStart..<nameEnd where bytes[index] == UInt8(ascii: ":") {
            localStart = index + 1
        }
        guard localStart < nameEnd else { throw syntaxError() }
        var isNil = false
        while true {
            let hadSpace = skipWhitespace()
            guard position < bytes.count else { throw syntaxError() }
            if bytes[position] == UInt8(ascii: ">") {
                position += 1
                return StartTag(tagStart: tagStart, nameStart: nameStart, nameEnd: nameEnd, localStart: localStart, isEmpty: false, isNil: isNil)
            }
            if hasPrefix("/>") {
                position += 2
                return StartTag(tagStart: tagStart, nameStart: nameStart, nameEnd: nameEnd, localStart: localStart, isEmpty: true, isNil: isNil)
            }
            guard hadSpace else { throw syntaxError() }
            if try readAttributeIsNilTrue() {
                isNil = true
            }
        }
    }

    /// Reads one attribute; returns whether it is `nil="true"` / `nil="1"` (any prefix).
    private mutating func readAttributeIsNilTrue() throws(TaskBodyError) -> Bool {
        let nameStart = position
        try skipName()
        let nameEnd = position
        var localStart = nameStart
        for index in nameStart..<nameEnd where bytes[index] == UInt8(ascii: ":") {
            localStart = index + 1
        }
        skipWhitespace()
        try expect(UInt8(ascii: "="))
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
            throw syntaxError()
        }
        let quote = bytes[position]
        position += 1
        let valueStart = position
        while position < bytes.count, bytes[position] != quote {
            guard bytes[position] != UInt8(ascii: "<") else { throw syntaxError() }
            position += 1
        }
        guard position < bytes.count else { throw syntaxError() }
        let valueEnd = position
        position += 1
        var value: [UInt8] = []
        try decodeText(valueStart, valueEnd, into: &value)
        guard ASCIIBytes.equalsIgnoringCase(bytes, from: localStart, count: nameEnd - localStart, "nil") else { return false }
        let normalized = ASCIIBytes.trimmingWhitespace(value[...])
        return normalized.elementsEqual("true".utf8) || normalized.elementsEqual("1".utf8)
    }

    private mutating func skipMisc() throws(TaskBodyError) {
        while true {
            skipWhitespace()
            if hasPrefix("<?") {
                try skipProcessingInstruction()
            } else if hasPrefix("<!--") {
                try skipComment()
            } else if hasPrefix("<!") {
                throw hasPrefix("<!DOCTYPE") || hasPrefix("<!ENTITY") ? Self.doctypeRefused : syntaxError()
            } else {
                return
            }
        }
    }

    private mutating func skipComment() throws(TaskBodyError) {
        position += 4
        guard let end = find("-->") else { throw syntaxError() }
        position = end + 3
    }

    private mutating func skipProcessingInstruction() throws(TaskBodyError) {
        position += 2
        guard let end = find("?>") else { throw syntaxError() }
        position = end + 2
    }

    private mutating func skipName() throws(TaskBodyError) {
        guard position < bytes.count, Self.isNameStart(bytes[position]) else { throw syntaxError() }
        position += 1
        while position < bytes.count, Self.isNameByte(bytes[position]) {
            position += 1
        }
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = position
        while position < bytes.count, ASCIIBytes.isWhitespace(bytes[position]) {
            position += 1
        }
        return position > start
    }

    private mutating func expect(_ byte: UInt8) throws(TaskBodyError) {
        guard position < bytes.count, bytes[position] == byte else { throw syntaxError() }
        position += 1
    }

    private func hasPrefix(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where bytes[position + offset] != expected[offset] {
            return false
        }
        return true
    }

    /// The offset of the next occurrence of `literal` at or after the current position.
    private func find(_ literal: StaticString) -> Int? {
        let count = literal.utf8CodeUnitCount
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: count)
        var index = position
        while index + count <= bytes.count {
            var matched = true
            for offset in 0..<count where bytes[index + offset] != expected[offset] {
                matched = false
                break
            }
            if matched { return index }
            index += 1
        }
        return nil
    }

    private func memcmpEqual(_ first: Int, _ second: Int, _ count: Int) -> Bool {
        for offset in 0..<count where bytes[first + offset] != bytes[second + offset] {
            return false
        }
        return true
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: ":"):
            return true
        default:
            return byte >= 0x80
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || ASCIIBytes.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// Parses the part after `&#` of a character reference into a scalar XML allows.
    private static func characterReference(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        var body = digits
        let radix: UInt32
        if body.first == UInt8(ascii: "x") {
            radix = 16
            body = body.dropFirst()
        } else {
            radix = 10
        }
        guard !body.isEmpty, body.count <= 8 else { return nil }
        for byte in body {
            let digit: UInt8?
            if radix == 16 {
                digit = JSONScanner.hexValue(byte)
            } else {
                digit = ASCIIBytes.isDigit(byte) ? byte - UInt8(ascii: "0") : nil
            }
            guard let digit else { return nil }
            value = value * radix + UInt32(digit)
        }
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
            return value
        default:
            return nil
        }
    }
}
