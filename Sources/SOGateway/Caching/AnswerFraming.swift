import NIOCore
import TaskCache

/// What surrounds the task elements of an answer (for XML: the prolog and the root start tag as upstream
/// wrote them), so an answer composed from per-associate fragments is framed exactly like upstream's own.
struct AnswerFraming: Sendable {
    /// Bytes before the root element (XML prolog, whitespace); empty for JSON.
    var prefix: ByteBuffer
    /// The root start-tag content (`ArrayOfBatchTaskInfo xmlns="…"`); nil for JSON.
    var xmlRoot: String?
    var representation: Representation

    /// The framing of `body`; nil when an XML body has no readable root element.
    init?(of body: ByteBuffer, representation: Representation) {
        self.representation = representation
        switch representation {
        case .json:
            prefix = ByteBuffer()
            xmlRoot = nil
        case .xml:
            guard let root = TaskAnswerSplitter.xmlRoot(of: body), let start = Self.rootStart(in: body),
                let prefix = body.getSlice(at: body.readerIndex, length: start)
            else {
                return nil
            }
            self.prefix = prefix
            self.xmlRoot = root
        }
    }

    /// An answer holding `elements` in upstream's order (by task `Id`).
    func answer(_ elements: [TaskElement]) -> ByteBuffer {
        let allocator = ByteBufferAllocator()
        let array = TaskAnswerSplitter.compose(elements, representation: representation, xmlRoot: xmlRoot, allocator: allocator)
        guard prefix.readableBytes > 0 else { return array }
        var output = allocator.buffer(capacity: prefix.readableBytes + array.readableBytes)
        output.writeImmutableBuffer(prefix)
        output.writeImmutableBuffer(array)
        return output
    }

    /// Offset of the first `<` that opens an element (not `<?` or `<!`).
    private static func rootStart(in body: ByteBuffer) -> Int? {
        let bytes = body.readableBytesView
        var index = bytes.startIndex
        while let open = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            let following = bytes.index(after: open)
            guard following < bytes.endIndex else { return nil }
            let next = bytes[following]
            if next != UInt8(ascii: "?"), next != UInt8(ascii: "!") {
                return open - bytes.startIndex
            }
            index = following
        }
        return nil
    }
}
