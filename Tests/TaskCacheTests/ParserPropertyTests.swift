import NIOCore
import Testing
@testable import TaskCache
import TestSupport

@Suite("Task request parser: properties")
struct ParserPropertyTests {
    @Test("random permutations and duplicates of an id list normalise to the same set, in every format")
    func permutationsNormaliseEqually() throws {
        var generator = SeededGenerator(seed: 0x5EED)
        for _ in 0..<300 {
            let distinct = Array(Set((0..<Int.random(in: 0...20, using: &generator)).map { _ in
                Int32.random(in: -1000...1000, using: &generator)
            }))
            let expected = AssociateSet(distinct)
            #expect(expected.ids == distinct.sorted())
            var shuffled = distinct
            for id in distinct where Bool.random(using: &generator) {
                shuffled.append(id)
            }
            shuffled.shuffle(using: &generator)
            #expect(AssociateSet(shuffled) == expected)

            let list = shuffled.map(String.init)
            let json = #"{"AssociateIds":[\#(list.joined(separator: ","))]}"#
            #expect(try BodyFixture.parse(json).associates == expected)
            let xml = "<r><AssociateIds>" + list.map { "<int>\($0)</int>" }.joined() + "</AssociateIds></r>"
            #expect(try BodyFixture.parse(xml, contentType: "text/xml").associates == expected)
            let form = list.isEmpty ? "AssociateIds=" : list.map { "AssociateIds=\($0)" }.joined(separator: "&")
            #expect(try BodyFixture.parse(form, contentType: "application/x-www-form-urlencoded").associates == expected)
        }
    }

    @Test("random bytes never crash the parser", arguments: ["application/json", "text/xml", "application/x-www-form-urlencoded"])
    func randomBytesNeverCrash(_ contentType: String) {
        var generator = SeededGenerator(seed: 0xF022)
        let alphabet = Array(#"{}[]<>/="'&;:,.-+0123456789eE \"\\uAssociateIds!?#%xnulltruefalse"#.utf8)
        for round in 0..<3000 {
            let count = Int.random(in: 0...80, using: &generator)
            let bytes = (0..<count).map { _ in
                round % 2 == 0 ? UInt8.random(in: 0...255, using: &generator) : alphabet.randomElement(using: &generator) ?? 0
            }
            // Outcome does not matter, only that parsing returns or throws.
            _ = try? BodyFixture.parse(bytes: bytes, contentType: contentType, endpoint: .getBatchTaskInfosByNameAndAssociates)
        }
    }

    @Test("mutations of valid bodies never crash the parser and never yield ids outside the original text")
    func mutatedBodiesNeverCrash() {
        var generator = SeededGenerator(seed: 0xB0D1)
        let seeds: [(String, String)] = [
            (#"{"AssociateIds":[1,22,333],"State":"New","Name":"x\u00e9"}"#, "application/json"),
            (#"<r xmlns:i="urn:i"><AssociateIds><int>1</int><int>22</int></AssociateIds><Name>a&amp;b</Name></r>"#, "text/xml"),
            ("AssociateIds=1,22&AssociateIds[]=333&Name=a%20b", "application/x-www-form-urlencoded"),
        ]
        for (text, contentType) in seeds {
            let original = Array(text.utf8)
            for _ in 0..<2000 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let index = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                    case 1: bytes.remove(at: index)
                    default: bytes.insert(bytes[index], at: index)
                    }
                    if bytes.isEmpty { break }
                }
                for endpoint in TaskEndpoint.allCases {
                    if let body = try? BodyFixture.parse(bytes: bytes, contentType: contentType, endpoint: endpoint) {
                        #expect(body.associates.count <= 5)
                    }
                }
            }
        }
    }

    @Test("a 20-id JSON body parses fast (generous bound; see the report for release timings)")
    func parseSpeed() throws {
        let body = ByteBuffer(string: #"{"AssociateIds":[491,30,12,7,99,1000,1001,1002,1003,1004,1005,1006,1007,1008,1009,1010,1011,1012,1013,1014]}"#)
        let iterations = 20_000
        let clock = ContinuousClock()
        var total = 0
        let elapsed = try clock.measure {
            for _ in 0..<iterations {
                total &+= try TaskRequestParser.parse(
                    body: body, contentType: "application/json", endpoint: .getBatchTaskInfosByAssociates, maxIds: 500
                ).associates.count
            }
        }
        #expect(total == 20 * iterations)
        let perParse = elapsed / iterations
        // Release builds take well under 2 µs; unoptimised debug builds on a shared 2-core machine are far slower.
        #expect(perParse < .microseconds(200), "\(perParse) per parse")
    }
}
