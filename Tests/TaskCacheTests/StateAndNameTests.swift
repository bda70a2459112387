import NIOCore
import Testing
@testable import TaskCache

@Suite("Task request parser: State and Name endpoints")
struct StateAndNameTests {
    private let byState = TaskEndpoint.getBatchTaskInfosByAssociatesAndState
    private let byName = TaskEndpoint.getBatchTaskInfosByNameAndAssociates

    @Test("State names match case-insensitively and key in canonical spelling", arguments: BatchTaskState.allCases)
    func stateCanonical(_ state: BatchTaskState) throws {
        let body = try BodyFixture.parse(#"{"AssociateIds":[1],"state":"\#(state.rawValue.uppercased())"}"#, endpoint: byState)
        #expect(body.extra == state.rawValue)
    }

    @Test("State is read from XML and form bodies too")
    func stateInOtherFormats() throws {
        let xml = try BodyFixture.parse("<r><AssociateIds/><State> failed </State></r>", contentType: "text/xml", endpoint: byState)
        #expect(xml.extra == "Failed")
        let form = try BodyFixture.parse("AssociateIds=1&State=Started", contentType: "application/x-www-form-urlencoded", endpoint: byState)
        #expect(form.extra == "Started")
    }

    @Test("unknown, numeric, null and non-string States are refused", arguments: [
        #""Running""#, "3", "null", "true", #"["New"]"#, #""Acquired""#, #""""#, #"" New""#,
    ])
    func badStates(_ value: String) {
        #expect(BodyFixture.error(#"{"AssociateIds":[1],"State":\#(value)}"#, endpoint: byState) == .stateInvalid)
    }

    @Test("State is required, once")
    func stateRequiredOnce() {
        #expect(BodyFixture.error(#"{"AssociateIds":[1]}"#, endpoint: byState) == .stateRequired)
        #expect(BodyFixture.error(#"{"AssociateIds":[1],"State":"New","STATE":"New"}"#, endpoint: byState) == .stateDuplicated)
        #expect(BodyFixture.error("<r><AssociateIds/><State>New</State><State>New</State></r>", contentType: "text/xml", endpoint: byState) == .stateDuplicated)
        #expect(BodyFixture.error("AssociateIds=1&State=New&State=New", contentType: "application/x-www-form-urlencoded", endpoint: byState) == .stateDuplicated)
    }

    @Test("the main endpoint ignores State and Name")
    func mainEndpointIgnoresExtras() throws {
        let body = try BodyFixture.parse(#"{"AssociateIds":[1],"State":42,"Name":null}"#)
        #expect(body.extra == "")
    }

    @Test("different States give different bodies")
    func statesDiffer() throws {
        let new = try BodyFixture.parse(#"{"AssociateIds":[1],"State":"New"}"#, endpoint: byState)
        let all = try BodyFixture.parse(#"{"AssociateIds":[1],"State":"All"}"#, endpoint: byState)
        #expect(new != all)
    }

    @Test("Name is kept exactly, with escapes decoded")
    func nameKeptExactly() throws {
        #expect(try BodyFixture.parse(#"{"AssociateIds":[1],"Name":" Nightly Export "}"#, endpoint: byName).extra == " Nightly Export ")
        #expect(try BodyFixture.parse(#"{"AssociateIds":[1],"name":"a\"b\u00e9\ud83d\ude00\n"}"#, endpoint: byName).extra == "a\"bé😀\n")
        #expect(try BodyFixture.parse(#"{"AssociateIds":[1],"Name":""}"#, endpoint: byName).extra == "")
    }

    @Test("Name is read from XML and form bodies too")
    func nameInOtherFormats() throws {
        let xml = try BodyFixture.parse("<r><Name>a &amp; b</Name><AssociateIds/></r>", contentType: "application/xml", endpoint: byName)
        #expect(xml.extra == "a & b")
        let form = try BodyFixture.parse("AssociateIds=1&Name=Nightly+Export%21", contentType: "application/x-www-form-urlencoded", endpoint: byName)
        #expect(form.extra == "Nightly Export!")
    }

    @Test("Name must be a string of valid Unicode", arguments: ["1", "null", #"["x"]"#, #""\ud800""#, #""\udc00x""#, #""\ud800\u0041""#])
    func badNames(_ value: String) {
        #expect(BodyFixture.error(#"{"AssociateIds":[1],"Name":\#(value)}"#, endpoint: byName) == .nameInvalid)
    }

    @Test("Name with invalid UTF-8 bytes is refused")
    func invalidUTF8Name() {
        let bytes = Array(#"{"AssociateIds":[1],"Name":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: TaskBodyError.nameInvalid) {
            try BodyFixture.parse(bytes: bytes, endpoint: byName)
        }
        #expect(throws: TaskBodyError.nameInvalid) {
            try BodyFixture.parse("AssociateIds=1&Name=%C3%28", contentType: "application/x-www-form-urlencoded", endpoint: byName)
        }
    }

    @Test("Name is required, once")
    func nameRequiredOnce() {
        #expect(BodyFixture.error(#"{"AssociateIds":[1]}"#, endpoint: byName) == .nameRequired)
        #expect(BodyFixture.error(#"{"AssociateIds":[1],"Name":"a","Name":"a"}"#, endpoint: byName) == .nameDuplicated)
    }

    @Test("the canonical JSON re-parses to the same body", arguments: TaskEndpoint.allCases)
    func canonicalJSONRoundTrip(_ endpoint: TaskEndpoint) throws {
        let extra: String
        switch endpoint {
        case .getBatchTaskInfosByAssociates: extra = ""
        case .getBatchTaskInfosByAssociatesAndState: extra = "SucceededManualCleanup"
        case .getBatchTaskInfosByNameAndAssociates: extra = "quote\" back\\slash \u{1} tab\t é"
        }
        let body = TaskRequestBody(associates: AssociateSet([5, -1, 5, 300]), extra: extra)
        let json = body.canonicalJSON(for: endpoint, allocator: ByteBufferAllocator())
        let reparsed = try TaskRequestParser.parse(body: json, contentType: "application/json", endpoint: endpoint, maxIds: 10)
        #expect(reparsed == body)
    }

    @Test("the canonical JSON is minimal")
    func canonicalJSONShape() {
        let body = TaskRequestBody(associates: AssociateSet([2, 1]), extra: "New")
        let json = body.canonicalJSON(for: .getBatchTaskInfosByAssociatesAndState, allocator: ByteBufferAllocator())
        #expect(String(buffer: json) == #"{"AssociateIds":[1,2],"State":"New"}"#)
        let plain = TaskRequestBody(associates: AssociateSet([]), extra: "")
        #expect(String(buffer: plain.canonicalJSON(for: .getBatchTaskInfosByAssociates, allocator: ByteBufferAllocator())) == #"{"AssociateIds":[]}"#)
    }
}
