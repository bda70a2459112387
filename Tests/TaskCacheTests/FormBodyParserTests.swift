import Testing
@testable import TaskCache

@Suite("Task request parser: form")
struct FormBodyParserTests {
    private let form = "application/x-www-form-urlencoded"

    @Test("every list spelling ASP.NET binds is accepted", arguments: [
        ("AssociateIds=1&AssociateIds=2", [Int32(1), 2]),
        ("AssociateIds[]=2&AssociateIds[]=1", [1, 2]),
        ("AssociateIds%5B%5D=3&AssociateIds%5b%5d=4", [3, 4]),
        ("AssociateIds=1,2,3", [1, 2, 3]),
        ("AssociateIds[0]=5&AssociateIds[1]=6", [5, 6]),
        ("associateids=7&ASSOCIATEIDS=7", [7]),
        ("AssociateIds=+8&AssociateIds=%2D9", [-9, 8]),
        ("AssociateIds=+1+,+2", [1, 2]),
        ("Other=x&AssociateIds=10&&Another", [10]),
        ("AssociateIds=", []),
        ("AssociateIds=&AssociateIds=4", [4]),
    ])
    func spellings(_ text: String, _ expected: [Int32]) {
        #expect(BodyFixture.ids(text, contentType: form) == expected)
    }

    @Test("bad items are refused", arguments: ["AssociateIds=1,,2", "AssociateIds=x", "AssociateIds=1.0", "AssociateIds=1,", "AssociateIds=0x1"])
    func badItems(_ text: String) {
        #expect(BodyFixture.error(text, contentType: form) == .idsNotIntegers)
    }

    @Test("values beyond Int32 are refused")
    func outOfRange() {
        #expect(BodyFixture.error("AssociateIds=2147483648", contentType: form) == .idOutOfRange)
    }

    @Test("malformed percent-encoding is refused", arguments: ["AssociateIds=%zz", "AssociateIds=1%", "AssociateIds=1%4", "Associate%Ids=1"])
    func badPercent(_ text: String) {
        #expect(BodyFixture.error(text, contentType: form) == FormTaskBodyParser.malformedEncoding)
    }

    @Test("keys that only resemble AssociateIds are ignored", arguments: ["AssociateIds[x]=1", "AssociateIdsX=1", "AssociateIds[=1", "XAssociateIds=1"])
    func lookalikeKeys(_ text: String) {
        #expect(BodyFixture.error(text, contentType: form) == .idsRequired)
    }

    @Test("maxIds counts across repeated keys and comma lists")
    func maxIds() {
        #expect(BodyFixture.ids("AssociateIds=1,2&AssociateIds=3", contentType: form, maxIds: 3) == [1, 2, 3])
        #expect(BodyFixture.error("AssociateIds=1,2&AssociateIds=3,3", contentType: form, maxIds: 3) == .tooManyIds(3))
    }

    @Test("an empty form has no AssociateIds")
    func emptyForm() {
        #expect(BodyFixture.error("", contentType: form) == .idsRequired)
    }

    @Test("the form content type with parameters selects the form reader")
    func contentTypeParameters() {
        #expect(BodyFixture.ids("AssociateIds=1", contentType: "Application/X-WWW-Form-Urlencoded; charset=utf-8") == [1])
    }
}
