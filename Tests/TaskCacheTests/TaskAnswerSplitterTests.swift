import NIOCore
import Testing
@testable import TaskCache
import TestSupport

@Suite("Per-associate split and compose")
struct TaskAnswerSplitterTests {
    private static func task(_ id: Int32, _ associate: Int32, name: String = "export") -> String {
        #"{"Id":\#(id),"Name":"\#(name)","AssociateId":\#(associate),"State":"New","ParameterObject":{"a":"b"},"TableRight":{"Mask":"Select","Reason":""}}"#
    }

    private static func xmlTask(_ id: Int32, _ associate: Int32) -> String {
        "<BatchTaskInfo><AssociateId>\(associate)</AssociateId><Description i:nil=\"true\"/><Id>\(id)</Id>"
            + "<ParameterObject><StringKeyValuePair><Key>a</Key><Value>b</Value></StringKeyValuePair></ParameterObject>"
            + "<State>New</State></BatchTaskInfo>"
    }

    private static let xmlRoot = #"ArrayOfBatchTaskInfo xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/SuperOffice""#

    @Test("a JSON answer splits into elements with exact bytes and ids")
    func splitJSON() throws {
        let body = ByteBuffer(string: "[ " + Self.task(10, 1) + " ,\n" + Self.task(11, 2, name: "a,b}") + "]")
        let elements = try #require(TaskAnswerSplitter.split(body, representation: .json))
        #expect(elements.map(\.taskId) == [10, 11])
        #expect(elements.map(\.associateId) == [1, 2])
        #expect(String(buffer: elements[0].bytes) == Self.task(10, 1))
        #expect(String(buffer: elements[1].bytes) == Self.task(11, 2, name: "a,b}"))
    }

    @Test("compose after split reproduces a compact JSON answer byte for byte")
    func jsonRoundTrip() throws {
        let body = ByteBuffer(string: "[" + [Self.task(3, 1), Self.task(5, 2), Self.task(8, 1)].joined(separator: ",") + "]")
        let elements = try #require(TaskAnswerSplitter.split(body, representation: .json))
        #expect(TaskAnswerSplitter.compose(elements, representation: .json, xmlRoot: nil) == body)
    }

    @Test("an XML answer splits, keeps its root, and composes back byte for byte")
    func xmlRoundTrip() throws {
        let text = "<?xml version=\"1.0\"?><\(Self.xmlRoot)>" + Self.xmlTask(3, 1) + Self.xmlTask(5, 2) + "</ArrayOfBatchTaskInfo>"
        let body = ByteBuffer(string: text)
        let elements = try #require(TaskAnswerSplitter.split(body, representation: .xml))
        #expect(elements.map(\.taskId) == [3, 5])
        #expect(elements.map(\.associateId) == [1, 2])
        #expect(String(buffer: elements[1].bytes) == Self.xmlTask(5, 2))
        let root = try #require(TaskAnswerSplitter.xmlRoot(of: body))
        #expect(root == Self.xmlRoot)
        let composed = TaskAnswerSplitter.compose(elements, representation: .xml, xmlRoot: root)
        #expect(String(buffer: composed) == "<\(Self.xmlRoot)>" + Self.xmlTask(3, 1) + Self.xmlTask(5, 2) + "</ArrayOfBatchTaskInfo>")
    }

    @Test("empty answers split to no elements and compose to empty arrays")
    func emptyAnswers() throws {
        #expect(try #require(TaskAnswerSplitter.split(ByteBuffer(string: " [ ] "), representation: .json)).isEmpty)
        let emptyXML = ByteBuffer(string: #"<ArrayOfBatchTaskInfo xmlns="urn:x" />"#)
        #expect(try #require(TaskAnswerSplitter.split(emptyXML, representation: .xml)).isEmpty)
        #expect(TaskAnswerSplitter.xmlRoot(of: emptyXML) == #"ArrayOfBatchTaskInfo xmlns="urn:x""#)
        #expect(String(buffer: TaskAnswerSplitter.compose([], representation: .json, xmlRoot: nil)) == "[]")
        #expect(String(buffer: TaskAnswerSplitter.compose([], representation: .xml, xmlRoot: nil)) == "<ArrayOfBatchTaskInfo></ArrayOfBatchTaskInfo>")
    }

    @Test("compose orders by task Id and keeps each task once")
    func composeOrdersAndDeduplicates() {
        let elements = [(9, 1), (2, 2), (5, 1), (2, 2)].map { id, associate in
            TaskElement(associateId: Int32(associate), taskId: Int32(id), bytes: ByteBuffer(string: Self.task(Int32(id), Int32(associate))))
        }
        let composed = TaskAnswerSplitter.compose(elements, representation: .json, xmlRoot: nil)
        #expect(String(buffer: composed) == "[" + [Self.task(2, 2), Self.task(5, 1), Self.task(9, 1)].joined(separator: ",") + "]")
    }

    @Test("answers that cannot be split exactly are refused", arguments: [
        "null", "{}", "[1]", "[null]", #"[{"Id":1}]"#, #"[{"AssociateId":1}]"#, #"[{"Id":null,"AssociateId":1}]"#,
        #"[{"Id":"1","AssociateId":1}]"#, #"[{"Id":1.0,"AssociateId":1}]"#, #"[{"Id":1,"AssociateId":1,"Id":2}]"#,
        #"[{"Id":2147483648,"AssociateId":1}]"#, #"[{"Sub":{"Id":1,"AssociateId":1}}]"#, #"[{"Id":1,"AssociateId":1}] x"#,
        #"[{"Id":1,"AssociateId":1},]"#, "", #"[{"Id":1,"AssociateId":1}"#,
    ])
    func unsplittableJSON(_ text: String) {
        #expect(TaskAnswerSplitter.split(ByteBuffer(string: text), representation: .json) == nil)
    }

    @Test("XML answers that cannot be split exactly are refused", arguments: [
        "<A><B><Id>1</Id></B></A>", "<A><B><AssociateId>1</AssociateId></B></A>", "<A><B/></A>",
        #"<A xmlns:i="urn:i"><B><Id i:nil="true"/><AssociateId>1</AssociateId></B></A>"#,
        "<A><B><Id>x</Id><AssociateId>1</AssociateId></B></A>", "<A><B><Id>1</Id><Id>2</Id><AssociateId>1</AssociateId></B></A>",
        "<A>text<B><Id>1</Id><AssociateId>1</AssociateId></B></A>", "<A><B><Id>1</Id><AssociateId>1</AssociateId></B>",
        "<!DOCTYPE A><A/>", "not xml",
    ])
    func unsplittableXML(_ text: String) {
        #expect(TaskAnswerSplitter.split(ByteBuffer(string: text), representation: .xml) == nil)
    }

    @Test("property names match case-insensitively")
    func caseInsensitiveNames() throws {
        let elements = try #require(TaskAnswerSplitter.split(ByteBuffer(string: #"[{"id":4,"associateid":-1}]"#), representation: .json))
        #expect(elements.first?.taskId == 4)
        #expect(elements.first?.associateId == -1)
    }

    @Test("grouping gives every associate of the set an entry and refuses strangers")
    func grouping() throws {
        let elements = [TaskElement(associateId: 1, taskId: 5, bytes: ByteBuffer()), TaskElement(associateId: 1, taskId: 6, bytes: ByteBuffer())]
        let groups = try #require(TaskAnswerSplitter.group(elements, by: AssociateSet([1, 2])))
        #expect(groups[1]?.map(\.taskId) == [5, 6])
        #expect(groups[2]?.isEmpty == true)
        #expect(groups.count == 2)
        #expect(TaskAnswerSplitter.group(elements, by: AssociateSet([2])) == nil)
    }

    @Test("the answer for a set equals the composition of its per-associate answers", arguments: [Representation.json, .xml])
    func unionOfPerAssociateAnswers(_ representation: Representation) throws {
        var generator = SeededGenerator(seed: 0xC0DE)
        for _ in 0..<100 {
            let associates = AssociateSet((0..<Int.random(in: 1...6, using: &generator)).map { _ in Int32.random(in: 1...20, using: &generator) })
            var taskIds = Set<Int32>()
            while taskIds.count < Int.random(in: 0...15, using: &generator) {
                taskIds.insert(Int32.random(in: 1...10_000, using: &generator))
            }
            let tasks = taskIds.sorted().map { ($0, associates.ids.randomElement(using: &generator) ?? 0) }
            let whole = answer(tasks, representation)

            // Split the set's answer into per-associate answers, as the gateway stores them...
            let elements = try #require(TaskAnswerSplitter.split(whole, representation: representation))
            let root = representation == .xml ? TaskAnswerSplitter.xmlRoot(of: whole) : nil
            let groups = try #require(TaskAnswerSplitter.group(elements, by: associates))
            let perAssociate = groups.mapValues { TaskAnswerSplitter.compose($0, representation: representation, xmlRoot: root) }
            for (associate, body) in perAssociate {
                #expect(body == answer(tasks.filter { $0.1 == associate }, representation))
            }
            // ...then rebuild the set's answer from them.
            let pieces = try perAssociate.values.flatMap { try #require(TaskAnswerSplitter.split($0, representation: representation)) }
            #expect(TaskAnswerSplitter.compose(pieces, representation: representation, xmlRoot: root) == whole)
        }
    }

    private func answer(_ tasks: [(Int32, Int32)], _ representation: Representation) -> ByteBuffer {
        switch representation {
        case .json:
            return ByteBuffer(string: "[" + tasks.map { Self.task($0.0, $0.1) }.joined(separator: ",") + "]")
        case .xml:
            return ByteBuffer(string: "<\(Self.xmlRoot)>" + tasks.map { Self.xmlTask($0.0, $0.1) }.joined() + "</ArrayOfBatchTaskInfo>")
        }
    }
}
