import NIOCore

/// Splits task answers into per-task elements and joins them again (`cache.compose_by_associate`), so an
/// answer for an associate set can be assembled from cached per-associate answers.
///
/// Assumption (superoffice-webapi.md, "Working assumptions", marked [I]): the answer of
/// `GetBatchTaskInfosByAssociates` for a set of associates is the union of the answers for each associate,
/// ordered by task `Id` ascending. Each task has exactly one `AssociateId`, so the per-associate answers are
/// disjoint. The splitter refuses (returns nil) anything it cannot read exactly, such as answers whose `Id` or
/// `AssociateId` were nulled by `$select`, so the caller then falls back to caching the whole answer.
public enum TaskAnswerSplitter {
    /// The root element name upstream's XML arrays of tasks use.
    public static let defaultXMLRoot = "ArrayOfBatchTaskInfo"

    /// Splits an answer array (JSON or XML per `representation`) into elements with their `AssociateId` and `Id`,
    /// keeping each element's exact bytes (slices of `body`, not copies).
    /// - Parameters:
    ///   - body: the uncompressed answer.
    ///   - representation: JSON (`[ {...}, ... ]`) or XML (`<Root><Item>...</Item>...</Root>`).
    /// - Returns: the elements in answer order, or nil when the body is not an array of objects that each have
    ///   an integer `Id` and `AssociateId` (names matched case-insensitively, each at most once).
    public static func split(_ body: ByteBuffer, representation: Representation) -> [TaskElement]? {
        let ranges: [ElementRange]? = body.withUnsafeReadableBytes { bytes in
            switch representation {
            case .json: return try? splitJSON(bytes)
            case .xml: return try? splitXML(bytes)
            }
        }
        guard let ranges else { return nil }
        var elements: [TaskElement] = []
        elements.reserveCapacity(ranges.count)
        for range in ranges {
            guard let slice = body.getSlice(at: body.readerIndex + range.start, length: range.end - range.start) else { return nil }
            elements.append(TaskElement(associateId: range.associateId, taskId: range.taskId, bytes: slice))
        }
        return elements
    }

    /// The root element's start-tag content (name and attributes, e.g. `ArrayOfBatchTaskInfo xmlns="..."`), so a
    /// composed answer keeps the namespace declarations its elements rely on.
    /// - Parameter body: an XML answer.
    /// - Returns: the content between `<` and `>` (or `/>`), or nil when the body does not start like XML.
    public static func xmlRoot(of body: ByteBuffer) -> String? {
        body.withUnsafeReadableBytes { bytes -> String? in
            var scanner = XMLScanner(bytes)
            guard let root = try? scanner.readProlog() else { return nil }
            var end = scanner.position - (root.isEmpty ? 2 : 1)
            while end > root.nameStart, ASCIIBytes.isWhitespace(bytes[end - 1]) {
                end -= 1
            }
            return String(decoding: bytes[root.nameStart..<end], as: UTF8.self)
        }
    }

    /// Groups elements by associate, with an entry (possibly empty) for every associate of the set.
    /// - Parameters:
    ///   - elements: elements split from an answer for `associates`.
    ///   - associates: the set the answer was for.
    /// - Returns: the groups, or nil when an element belongs to an associate outside the set (the answer does
    ///   not behave as assumed, so it must not be composed from).
    public static func group(_ elements: [TaskElement], by associates: AssociateSet) -> [Int32: [TaskElement]]? {
        var groups: [Int32: [TaskElement]] = [:]
        for id in associates.ids {
            groups[id] = []
        }
        for element in elements {
            guard groups[element.associateId] != nil else { return nil }
            groups[element.associateId, default: []].append(element)
        }
        return groups
    }

    /// Builds an answer array from elements ordered by task `Id` ascending (the order upstream uses), in the
    /// representation's framing: JSON `[a,b]`; XML `<Root …>…</Root>` using the root observed on the way in.
    /// Elements with a task `Id` already seen are left out (the union holds each task once).
    /// - Parameters:
    ///   - elements: the elements, in any order.
    ///   - representation: JSON or XML.
    ///   - xmlRoot: the root start-tag content from `xmlRoot(of:)`; nil uses `ArrayOfBatchTaskInfo`.
    ///   - allocator: allocates the answer.
    public static func compose(
        _ elements: [TaskElement],
        representation: Representation,
        xmlRoot: String?,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        let ordered = elements.enumerated().sorted { left, right in
            left.element.taskId != right.element.taskId
                ? left.element.taskId < right.element.taskId
                : left.offset < right.offset
        }
        let size = elements.reduce(64) { $0 + $1.bytes.readableBytes + 1 }
        var output = allocator.buffer(capacity: size)
        let root = xmlRoot ?? defaultXMLRoot
        switch representation {
        case .json: output.writeStaticString("[")
        case .xml: output.writeString("<\(root)>")
        }
        var previous: Int32?
        for (_, element) in ordered where element.taskId != previous {
            if previous != nil, representation == .json {
                output.writeStaticString(",")
            }
            output.writeImmutableBuffer(element.bytes)
            previous = element.taskId
        }
        switch representation {
        case .json:
            output.writeStaticString("]")
        case .xml:
            let name = root.prefix { !($0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n") }
            output.writeString("</\(name)>")
        }
        return output
    }

    /// Where one element lies in the body, with its ids.
    struct ElementRange {
        var start: Int
        var end: Int
        var associateId: Int32
        var taskId: Int32
    }

    /// Thrown inside the splitters when an answer cannot be split exactly; `split` turns it into nil.
    struct NotSplittable: Error {}
}
