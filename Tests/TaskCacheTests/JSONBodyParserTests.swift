import NIOCore
import Testing
@testable import TaskCache

@Suite("Task request parser: JSON")
struct JSONBodyParserTests {
    @Test("ids are sorted and de-duplicated; the main endpoint has no extra")
    func basicBody() throws {
        let body = try BodyFixture.parse(#"{"AssociateIds":[3,1,2,3]}"#)
        #expect(body.associates.ids == [1, 2, 3])
        #expect(body.extra == "")
    }

    @Test("whitespace everywhere and a UTF-8 byte order mark are accepted")
    func whitespaceAndBOM() throws {
        let text = " \r\n\t{ \"AssociateIds\" :\n[ 5 ,\t4 ] }\n "
        #expect(BodyFixture.ids(text) == [4, 5])
        let withBOM = try BodyFixture.parse(bytes: [0xEF, 0xBB, 0xBF] + Array(#"{"AssociateIds":[1]}"#.utf8))
        #expect(withBOM.associates.ids == [1])
    }

    @Test("property names match case-insensitively, also when escaped", arguments: [
        #"{"associateids":[7]}"#, #"{"ASSOCIATEIDS":[7]}"#, #"{"aSSociateIDs":[7]}"#, #"{"Associate\u0049ds":[7]}"#,
    ])
    func caseInsensitiveNames(_ text: String) {
        #expect(BodyFixture.ids(text) == [7])
    }

    @Test("an empty array is allowed")
    func emptyArray() {
        #expect(BodyFixture.ids(#"{"AssociateIds":[]}"#) == [])
        #expect(BodyFixture.ids(#"{"AssociateIds":[ ]}"#) == [])
    }

    @Test("the Int32 extremes and -0 are accepted")
    func extremes() {
        #expect(BodyFixture.ids(#"{"AssociateIds":[2147483647,-2147483648,-0,0]}"#) == [-2_147_483_648, 0, 2_147_483_647])
    }

    @Test("unknown properties of every JSON type are ignored")
    func unknownPropertiesIgnored() {
        let text = #"""
            {"Before":{"a":[1,2,{"b":null}],"c":"x\"y\\z\u00e9"},"AssociateIds":[9],
             "After":[true,false,null,-1.5e+10,0.0,"s",{}],"Empty":{},"Num":1E-2}
            """#
        #expect(BodyFixture.ids(text) == [9])
    }

    @Test("non-integer elements are refused", arguments: [
        #"["1"]"#, "[1.0]", "[1e2]", "[1E2]", "[1.5]", "[-1.0]", "[1e-2]", "[true]", "[false]", "[null]", "[[1]]", "[{}]",
        #"[1,"2"]"#, "[0.0]", "[0e0]",
    ])
    func nonIntegersRefused(_ array: String) {
        #expect(BodyFixture.error(#"{"AssociateIds":\#(array)}"#) == .idsNotIntegers)
    }

    @Test("numbers beyond Int32 are refused", arguments: ["[2147483648]", "[-2147483649]", "[99999999999999999999999]"])
    func outOfRangeRefused(_ array: String) {
        #expect(BodyFixture.error(#"{"AssociateIds":\#(array)}"#) == .idOutOfRange)
    }

    @Test("numbers outside the JSON grammar are syntax errors", arguments: [
        "[01]", "[-01]", "[00]", "[+1]", "[.5]", "[-]", "[1.]", "[1e]", "[0x1]", "[NaN]", "[Infinity]", "[- 1]", "[1 2]",
        "[1,]", "[,1]", "[1", "[1}",
    ])
    func badNumbersAreSyntaxErrors(_ array: String) {
        #expect(BodyFixture.isSyntaxError(BodyFixture.error(#"{"AssociateIds":\#(array)}"#), format: "JSON"))
    }

    @Test("AssociateIds that is not an array is refused", arguments: ["null", #""1,2""#, "{}", "5", "true"])
    func notAnArray(_ value: String) {
        #expect(BodyFixture.error(#"{"AssociateIds":\#(value)}"#) == .idsNotArray)
    }

    @Test("a missing AssociateIds is refused", arguments: ["{}", #"{"Other":[1]}"#, "", "   "])
    func missingIds(_ text: String) {
        #expect(BodyFixture.error(text) == .idsRequired)
    }

    @Test("a repeated AssociateIds key is refused, whatever its case")
    func duplicateKeys() {
        #expect(BodyFixture.error(#"{"AssociateIds":[1],"AssociateIds":[2]}"#) == .idsDuplicated)
        #expect(BodyFixture.error(#"{"AssociateIds":[1],"associateIDS":[2]}"#) == .idsDuplicated)
        #expect(BodyFixture.error(#"{"AssociateIds":[],"AssociateIds":[]}"#) == .idsDuplicated)
    }

    @Test("maxIds counts entries before de-duplication")
    func maxIdsCountsRawEntries() {
        #expect(BodyFixture.ids(#"{"AssociateIds":[1,2,3]}"#, maxIds: 3) == [1, 2, 3])
        #expect(BodyFixture.error(#"{"AssociateIds":[1,2,3,4]}"#, maxIds: 3) == .tooManyIds(3))
        #expect(BodyFixture.error(#"{"AssociateIds":[1,1,1,1]}"#, maxIds: 3) == .tooManyIds(3))
        #expect(BodyFixture.error(#"{"AssociateIds":[1]}"#, maxIds: 0) == .tooManyIds(0))
        #expect(BodyFixture.ids(#"{"AssociateIds":[]}"#, maxIds: 0) == [])
    }

    @Test("nesting up to 32 levels is accepted; deeper is refused")
    func depthLimit() {
        // The root object is level 1, so 31 nested arrays inside a property reach level 32.
        let ok = #"{"AssociateIds":[1],"x":"# + String(repeating: "[", count: 31) + String(repeating: "]", count: 31) + "}"
        #expect(BodyFixture.ids(ok) == [1])
        let deep = #"{"AssociateIds":[1],"x":"# + String(repeating: "[", count: 32) + String(repeating: "]", count: 32) + "}"
        #expect(BodyFixture.error(deep) == .tooDeep)
        let deepObjects = #"{"x":"# + String(repeating: #"{"a":"#, count: 40) + "1" + String(repeating: "}", count: 41)
        #expect(BodyFixture.error(deepObjects) == .tooDeep)
    }

    @Test("a deeply nested bomb fails fast instead of overflowing the stack")
    func nestingBomb() {
        let bomb = #"{"x":"# + String(repeating: "[", count: 200_000)
        #expect(BodyFixture.error(bomb) == .tooDeep)
    }

    @Test("malformed documents are syntax errors", arguments: [
        #"{"AssociateIds":[1]} x"#, #"{"AssociateIds":[1],}"#, #"{"AssociateIds" [1]}"#, #"{'AssociateIds':[1]}"#,
        "{\"AssociateIds\":[1],\"s\":\"a\u{01}b\"}", #"{"AssociateIds":[1],"s":"\x"}"#, #"{"AssociateIds":[1],"s":"\u12"}"#,
        #"{"AssociateIds":[1],"s":"unterminated}"#, #"{"AssociateIds":[1]"#, #"{AssociateIds:[1]}"#,
        #"{"AssociateIds":[1],"t":tru}"#, #"{"AssociateIds":[1],"n":nul}"#, #"{"AssociateIds":[1]}{}"#,
        #"{"AssociateIds":[1],"x":01}"#,
    ])
    func malformedDocuments(_ text: String) {
        #expect(BodyFixture.isSyntaxError(BodyFixture.error(text), format: "JSON"))
    }

    @Test("the root must be an object", arguments: ["[1,2]", "null", "1", #""AssociateIds""#])
    func rootMustBeObject(_ text: String) {
        #expect(BodyFixture.error(text) == TaskBodyError(detail: "The request body must be a JSON object."))
    }

    @Test("JSON content types and unknown or missing ones all read JSON", arguments: [
        "application/json", "application/json; charset=utf-8", "text/json", "TEXT/JSON;charset=UTF-8",
        "application/merge-patch+json", "application/octet-stream", "text/plain", "", nil,
    ] as [String?])
    func jsonContentTypes(_ contentType: String?) {
        #expect(BodyFixture.ids(#"{"AssociateIds":[2,1]}"#, contentType: contentType) == [1, 2])
    }

    @Test("error messages never echo body content")
    func errorsDoNotEchoBody() {
        let secret = "SECRET-TICKET-7T:abc"
        let texts = [#"{"AssociateIds":["\#(secret)"]}"#, #"{"\#(secret)":tru}"#, #"{"AssociateIds":\#(secret)}"#]
        for text in texts {
            let detail = BodyFixture.error(text)?.detail ?? ""
            #expect(!detail.isEmpty)
            #expect(!detail.contains("SECRET"))
        }
    }
}
