import Testing
@testable import SuperOfficeStandIn

@Suite("JSON, XML, form and date helpers")
struct FormatTests {
    @Test("JSON goes through Foundation: values keep their kinds, answers have sorted keys, malformed input is refused")
    func json() throws {
        let text = "{\"b\":1,\"a\":[true,false,null,-2.5,\"x\\u00e9\\n\\ud83d\\ude00\"],\"c\":{}}"
        let value = try JSONValue(jsonBytes: Array(text.utf8))
        #expect(value.member("A") == .array([.bool(true), .bool(false), .null, .double(-2.5), .string("xé\n😀")]))
        #expect(String(decoding: try value.jsonBytes(), as: UTF8.self) == "{\"a\":[true,false,null,-2.5,\"xé\\n😀\"],\"b\":1,\"c\":{}}")
        #expect(try JSONValue(jsonBytes: Array("[1,true,1.5,\"1\",2147483648]".utf8)) == .array([
            .int(1), .bool(true), .double(1.5), .string("1"), .int(2_147_483_648),
        ]))
        for bad in ["{", "01", "{\"a\" 1}", "tru", "\"abc", "1 2", "[\"a\u{01}\"]", "[\"\\x\"]", String(repeating: "[", count: 100)] {
            #expect(throws: (any Error).self, "\(bad)") { try JSONValue(jsonBytes: Array(bad.utf8)) }
        }
    }

    @Test("a JSON answer is the same bytes whatever order its members were built in, and slashes stay unescaped")
    func jsonAnswerBytes() {
        let forward = StandInResponse.json(.object([JSONMember("Url", .string("https://x/y")), JSONMember("Id", .int(7))]))
        let backward = StandInResponse.json(.object([JSONMember("Id", .int(7)), JSONMember("Url", .string("https://x/y"))]))
        #expect(forward.body == backward.body)
        #expect(String(decoding: forward.body, as: UTF8.self) == #"{"Id":7,"Url":"https://x/y"}"#)
        #expect(forward.headers.first(name: "Content-Type") == "application/json; charset=utf-8")
    }

    @Test("the XML reader (FoundationXML) drops namespace prefixes, decodes entities and CDATA, and refuses DTDs and malformed XML")
    func xml() throws {
        let text = "<?xml version=\"1.0\"?><a:Root xmlns:a=\"u\"><!-- c --><Item x='1'>A&amp;B &#65;</Item><Empty/><C><![CDATA[<x>]]> y</C></a:Root>"
        let node = try XMLBodyNode(xmlBytes: Array(text.utf8))
        #expect(node.name == "Root")
        #expect(node.child("item")?.text == "A&B A")
        #expect(node.child("EMPTY") != nil)
        #expect(node.child("c")?.text == "<x> y")
        let bad = [
            "<!DOCTYPE x [<!ENTITY e 'x'>]><x>&e;</x>", "<!DOCTYPE r SYSTEM \"http://127.0.0.1:1/evil.dtd\"><r/>", "<a><b></a>",
            "<r>&x;</r>", "<r>", "<r></r><r/>", "<u:r/>", "text", "<r>\u{01}</r>", "<r>" + String(repeating: "<a>", count: 100_000),
        ]
        for body in bad {
            #expect(throws: XMLBodyNode.Failure.self, "\(body.prefix(40))") { try XMLBodyNode(xmlBytes: Array(body.utf8)) }
        }
    }

    @Test("XML answers: a fixed declaration, ArrayOf roots, typed list items, key/value pairs, escaped text, empty nulls")
    func xmlAnswer() {
        let task = JSONValue.object([
            JSONMember("Id", .int(7)), JSONMember("Name", .string("a<b & \"c\"\u{01}")), JSONMember("Done", .bool(false)),
            JSONMember("Result", .null), JSONMember("Ids", .array([.int(1), .int(2)])),
            JSONMember("ParameterObject", .object([JSONMember("Format", .string("csv"))])),
        ])
        #expect(DataContractXML().document(.array([task]), rootName: "T", itemName: "T") == """
            <?xml version="1.0" encoding="utf-8"?><ArrayOfT><T><Id>7</Id><Name>a&lt;b &amp; "c"</Name><Done>false</Done>\
            <Result></Result><Ids><int>1</int><int>2</int></Ids><ParameterObject><StringKeyValuePair><Key>Format</Key>\
            <Value>csv</Value></StringKeyValuePair></ParameterObject></T></ArrayOfT>
            """)
        #expect(DataContractXML().document(.array([]), rootName: "T", itemName: "T") == #"<?xml version="1.0" encoding="utf-8"?><ArrayOfT></ArrayOfT>"#)
        #expect(DataContractXML().document(.int(5), rootName: "int", itemName: "int") == #"<?xml version="1.0" encoding="utf-8"?><int>5</int>"#)
    }

    @Test("calendar conversion round-trips and HTTP dates parse")
    func dates() throws {
        let date = CivilDateTime(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 58)
        #expect(CivilDateTime(epochSeconds: date.epochSeconds) == date)
        #expect(CivilDateTime(epochSeconds: 0).isoText == "1970-01-01T00:00:00")
        #expect(CivilDateTime(epochSeconds: 784_111_777).httpDateText == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(CivilDateTime.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT")?.epochSeconds == 784_111_777)
        #expect(CivilDateTime.parseHTTPDate("yesterday") == nil)
        #expect(CivilDateTime.parseCompactMinute("202403041530")?.isoText == "2024-03-04T15:30:00")
        #expect(CivilDateTime.parseCompactMinute("202413041530") == nil)
    }

    @Test("$select nulls unselected members at every level")
    func select() throws {
        let value = JSONValue.object([
            JSONMember("Id", .int(1)), JSONMember("Name", .string("n")),
            JSONMember("Right", .object([JSONMember("Mask", .string("m")), JSONMember("Reason", .string("r"))])),
        ])
        let filter = try #require(SelectFilter("id, right/MASK, unknown"))
        #expect(filter.apply(to: value) == .object([
            JSONMember("Id", .int(1)), JSONMember("Name", .null),
            JSONMember("Right", .object([JSONMember("Mask", .string("m")), JSONMember("Reason", .null)])),
        ]))
        #expect(SelectFilter(nil) == nil)
        #expect(SelectFilter(" , ") == nil)
    }
}
