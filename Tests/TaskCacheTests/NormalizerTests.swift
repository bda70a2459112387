import NIOCore
import Testing
@testable import TaskCache

@Suite("Key normalizers")
struct NormalizerTests {
    @Test("AssociateSet sorts and de-duplicates")
    func associateSetCanonical() {
        #expect(AssociateSet([3, 1, 2, 3, 1]).ids == [1, 2, 3])
        #expect(AssociateSet([Int32]()).ids == [])
        #expect(AssociateSet([5, 5, 5]).ids == [5])
        #expect(AssociateSet([Int32.max, Int32.min, 0]).ids == [Int32.min, 0, Int32.max])
        #expect(AssociateSet([2, 1]) == AssociateSet([1, 2, 2]))
        #expect(AssociateSet([2, 1]).hashValue == AssociateSet([1, 2, 2]).hashValue)
    }

    @Test("AssociateSet membership")
    func associateSetContains() {
        let set = AssociateSet([10, -4, 7, 99])
        for id: Int32 in [-4, 7, 10, 99] {
            #expect(set.contains(id))
        }
        for id: Int32 in [-5, 0, 8, 100, Int32.min, Int32.max] {
            #expect(!set.contains(id))
        }
        #expect(!AssociateSet([Int32]()).contains(0))
    }

    @Test("$select is trimmed, lowercased, de-duplicated and sorted", arguments: [
        ("Name, Id", "id,name"),
        ("id,NAME,name, id ,", "id,name"),
        ("  ", ""),
        (",,", ""),
        ("", ""),
        ("TableRight/Mask,Id", "id,tableright/mask"),
        ("b,a,c", "a,b,c"),
    ])
    func selectNormalized(_ input: String, _ expected: String) {
        #expect(SelectNormalizer.normalize(input) == expected)
    }

    @Test("an absent $select is empty")
    func selectAbsent() {
        #expect(SelectNormalizer.normalize(nil) == "")
    }

    @Test("Accept chooses the representation", arguments: [
        (nil, Representation.json),
        ("", .json),
        ("application/json", .json),
        ("application/xml", .xml),
        ("text/xml", .xml),
        ("TEXT/XML; charset=utf-8", .xml),
        ("application/json, application/xml", .json),
        ("application/xml, application/json", .json),
        ("application/json;q=0.5, application/xml", .xml),
        ("application/xml;q=0.9, text/json;q=0.8", .xml),
        ("application/xml;q=0.5, application/json;q=0.5", .json),
        ("*/*", .json),
        ("application/*", .json),
        ("text/html", .json),
        ("application/xml;q=0", .json),
        ("application/xml, */*;q=0.1", .xml),
        ("application/json;q=0, */*", .json),
        ("application/*;q=0.9, application/json;q=0.5", .xml),
        ("text/*;q=0.9, application/json;q=0.5", .json),
        ("application/xml;q=bad", .json),
    ] as [(String?, Representation)])
    func representationFromAccept(_ accept: String?, _ expected: Representation) {
        #expect(Representation.from(accept: accept) == expected)
    }

    @Test("endpoint names match the path segment case-insensitively")
    func endpointFromMethodName() {
        #expect(TaskEndpoint(methodName: "GetBatchTaskInfosByAssociates") == .getBatchTaskInfosByAssociates)
        #expect(TaskEndpoint(methodName: "getbatchtaskinfosbyassociatesandstate") == .getBatchTaskInfosByAssociatesAndState)
        #expect(TaskEndpoint(methodName: "GETBATCHTASKINFOSBYNAMEANDASSOCIATES") == .getBatchTaskInfosByNameAndAssociates)
        #expect(TaskEndpoint(methodName: "GetBatchTaskInfosByState") == nil)
        #expect(TaskEndpoint(methodName: "") == nil)
    }

    @Test("The strong ETag is the unpadded base64url of the body's first 128 SHA-256 bits, quoted")
    func strongETag() {
        #expect(CachedAnswer.strongETag(of: ByteBuffer()) == "\"47DEQpj8HBSa-_TImW-5JA\"")
        #expect(CachedAnswer.strongETag(of: ByteBuffer(string: "[]")) == "\"T1PNoYwrqgwDVLtfmj7L5Q\"")
    }
}
