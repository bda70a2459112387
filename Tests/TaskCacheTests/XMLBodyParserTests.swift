import Testing
@testable import TaskCache

@Suite("Task request parser: XML")
struct XMLBodyParserTests {
    private func ids(_ text: String, maxIds: Int = 500) -> [Int32]? {
        BodyFixture.ids(text, contentType: "application/xml", maxIds: maxIds)
    }

    private func error(_ text: String, maxIds: Int = 500) -> TaskBodyError? {
        BodyFixture.error(text, contentType: "application/xml", maxIds: maxIds)
    }

    @Test("a DataContract request with namespaces parses")
    func dataContractRequest() {
        let text = """
            <?xml version="1.0" encoding="utf-8"?>
            <GetBatchTaskInfosByAssociatesRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" \
            xmlns="http://schemas.datacontract.org/2004/07/SuperOffice.WebApi.v1.Carriers.BatchCarriers">
              <AssociateIds xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
                <a:int>491</a:int>
                <a:int>30</a:int>
                <a:int>491</a:int>
              </AssociateIds>
            </GetBatchTaskInfosByAssociatesRequest>
            """
        #expect(ids(text) == [30, 491])
    }

    @Test("any root name, any item name, case-insensitive AssociateIds, comments and PIs are accepted")
    func lenientNames() {
        #expect(ids("<r><associateids><x>2</x><int>1</int></associateids></r>") == [1, 2])
        #expect(ids("<!-- c --><?pi data?><Body><!-- c --><ASSOCIATEIDS><?pi?><int>3</int><!-- c --></ASSOCIATEIDS></Body><!-- end -->") == [3])
        #expect(ids("<p:Request xmlns:p=\"urn:x\"><p:AssociateIds><p:long>4</p:long></p:AssociateIds></p:Request>") == [4])
    }

    @Test("xs:int spellings are accepted: whitespace, sign, leading zeros, references, CDATA")
    func integerSpellings() {
        let text = "<r><AssociateIds><int> 7 </int><int>+8</int><int>-009</int><int>&#49;&#x30;</int><int><![CDATA[11]]></int></AssociateIds></r>"
        #expect(ids(text) == [-9, 7, 8, 10, 11])
    }

    @Test("an empty AssociateIds is an empty list; nil is refused")
    func emptyAndNil() {
        #expect(ids("<r><AssociateIds/></r>") == [])
        #expect(ids("<r><AssociateIds></AssociateIds></r>") == [])
        #expect(error(#"<r xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><AssociateIds i:nil="true"/></r>"#) == .idsNotArray)
        #expect(error(#"<r><AssociateIds><int nil="true"/></AssociateIds></r>"#) == .idsNotIntegers)
    }

    @Test("other elements are validated and ignored")
    func otherElementsIgnored() {
        #expect(ids(#"<r><Extra a="1"><deep><deeper>x &amp; y</deeper></deep></Extra><AssociateIds><int>5</int></AssociateIds><Tail/></r>"#) == [5])
    }

    @Test("DOCTYPE and ENTITY declarations are refused outright", arguments: [
        #"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><AssociateIds><int>1</int></AssociateIds></r>"#,
        #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><r>&lol2;</r>"#,
        "<r><!ENTITY x \"y\"><AssociateIds/></r>",
        "<r><AssociateIds><!DOCTYPE x><int>1</int></AssociateIds></r>",
    ])
    func declarationsRefused(_ text: String) {
        #expect(error(text) == XMLScanner.doctypeRefused)
    }

    @Test("entity references other than the predefined ones are refused")
    func customEntitiesRefused() {
        #expect(error("<r><AssociateIds><int>&xxe;</int></AssociateIds></r>") == XMLScanner.entityRefused)
        #expect(error("<r><Other>&nbsp;</Other><AssociateIds/></r>") == XMLScanner.entityRefused)
    }

    @Test("non-integer items are refused", arguments: [
        "<int>1.0</int>", "<int>abc</int>", "<int></int>", "<int/>", "<int>1 2</int>", "<int><b>1</b></int>", "<int>0x1</int>",
    ])
    func nonIntegers(_ item: String) {
        #expect(error("<r><AssociateIds>\(item)</AssociateIds></r>") == .idsNotIntegers)
    }

    @Test("values beyond Int32 are refused")
    func outOfRange() {
        #expect(error("<r><AssociateIds><int>2147483648</int></AssociateIds></r>") == .idOutOfRange)
        #expect(error("<r><AssociateIds><int>-2147483649</int></AssociateIds></r>") == .idOutOfRange)
        #expect(ids("<r><AssociateIds><int>-2147483648</int><int>2147483647</int></AssociateIds></r>") == [-2_147_483_648, 2_147_483_647])
    }

    @Test("text directly inside AssociateIds is refused")
    func textInList() {
        #expect(error("<r><AssociateIds>1,2</AssociateIds></r>") == .idsNotArray)
    }

    @Test("a repeated AssociateIds element is refused")
    func duplicateList() {
        #expect(error("<r><AssociateIds/><associateIds><int>1</int></associateIds></r>") == .idsDuplicated)
    }

    @Test("a missing AssociateIds is refused")
    func missingList() {
        #expect(error("<r/>") == .idsRequired)
        #expect(error("<r><Other/></r>") == .idsRequired)
    }

    @Test("maxIds counts items before de-duplication")
    func maxIds() {
        #expect(ids("<r><AssociateIds><i>1</i><i>1</i></AssociateIds></r>", maxIds: 2) == [1])
        #expect(error("<r><AssociateIds><i>1</i><i>1</i><i>1</i></AssociateIds></r>", maxIds: 2) == .tooManyIds(2))
    }

    @Test("nesting deeper than 32 levels is refused")
    func depthLimit() {
        let ok = "<r><AssociateIds/>" + String(repeating: "<a>", count: 31) + String(repeating: "</a>", count: 31) + "</r>"
        #expect(ids(ok) == [])
        let deep = "<r><AssociateIds/>" + String(repeating: "<a>", count: 32) + String(repeating: "</a>", count: 32) + "</r>"
        #expect(error(deep) == .tooDeep)
        let bomb = "<r>" + String(repeating: "<a>", count: 100_000)
        #expect(error(bomb) == .tooDeep)
    }

    @Test("malformed documents are syntax errors", arguments: [
        "<r><AssociateIds><int>1</int></AssociateIds>", "<r><AssociateIds><int>1</i></AssociateIds></r>",
        "<r><AssociateIds/></R>", "<r><AssociateIds/></r><r/>", "<r><AssociateIds/></r>trailing", "<r attr><AssociateIds/></r>",
        "<r a=1><AssociateIds/></r>", #"<r a="<"><AssociateIds/></r>"#, "<r><!-- unterminated <AssociateIds/></r>",
        "<r><AssociateIds><int>1 &amp</int></AssociateIds></r>", "<r><AssociateIds><int>&#0;</int></AssociateIds></r>",
        "<r><AssociateIds><int>&#xD800;</int></AssociateIds></r>", "<1r/>", "", "no markup", #"<r a="1"b="2"/>"#,
        "<r><AssociateIds><![CDATA[1</AssociateIds></r>",
    ])
    func malformed(_ text: String) {
        #expect(BodyFixture.isSyntaxError(error(text), format: "XML"))
    }

    @Test("text beside the fields in the root is refused")
    func rootText() {
        #expect(error("<r>hello<AssociateIds/></r>") == XMLTaskBodyParser.unexpectedText)
    }

    @Test("XML content types select the XML reader", arguments: [
        "application/xml", "text/xml", "application/xml; charset=utf-8", "TEXT/XML", "application/soap+xml",
    ])
    func xmlContentTypes(_ contentType: String) {
        #expect(BodyFixture.ids("<r><AssociateIds><int>2</int></AssociateIds></r>", contentType: contentType) == [2])
    }
}
