import NIOCore
import PropertyBased
import Testing
@testable import TaskCache
import TestSupport

/// Property-based fuzzing of the task body parser and the cache-key normalisers (x-sheep/swift-property-based).
/// Iteration counts are bounded so the whole set runs in a few seconds in CI; a failure prints a seed to
/// replay with `.fixedSeed(...)`.
@Suite("Task body and key properties")
struct TaskBodyPropertyTests {
    static let endpoints = Gen.int(in: 0...(TaskEndpoint.allCases.count - 1)).map { TaskEndpoint.allCases[$0] }
    static let contentTypes = Gen.int(in: 0...6).map { index -> String? in
        [
            "application/json", "text/json; charset=utf-8", "application/xml", "text/xml", "application/x-www-form-urlencoded",
            "application/octet-stream", nil,
        ][index]
    }
    /// Bytes the scanners treat specially, mixed with arbitrary ones, so inputs get deep into the grammar.
    static let syntaxBytes = Array(#"{}[]<>/="'&;:,.-+0123456789eE \"\\uAssociateIdsStateName!?#%xnulltruefalse[]"#.utf8)
    static let bodyBytes = Gen.int(in: 0...(255 + syntaxBytes.count)).map { pick -> UInt8 in
        pick <= 255 ? UInt8(pick) : syntaxBytes[pick - 256]
    }.array(of: 0...300)

    /// Characters for names: letters, digits and the ones each format must escape.
    static func text(_ alphabet: [Character], of count: ClosedRange<Int>) -> Generator<String, some SendableSequenceType> {
        Gen.int(in: 0...(alphabet.count - 1)).map { alphabet[$0] }.array(of: count).map { String($0) }
    }
    static let alphanumerics = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    @Test("Arbitrary bytes never crash the parser: the result is a sorted, distinct, bounded set or a typed error")
    func arbitraryBytes() async {
        await propertyCheck(count: 3000, input: Self.bodyBytes, Self.contentTypes, Self.endpoints, Gen.int(in: 0...50)) { bytes, contentType, endpoint, maxIds in
            do throws(TaskBodyError) {
                let body = try TaskRequestParser.parse(body: ByteBuffer(bytes: bytes), contentType: contentType, endpoint: endpoint, maxIds: maxIds)
                #expect(body.associates.ids == Array(Set(body.associates.ids)).sorted())
                #expect(body.associates.count <= maxIds)
            } catch {
                #expect(!error.detail.isEmpty)
            }
        }
    }

    @Test("The canonical JSON of any accepted body parses back to the same body (the key is a fixed point)")
    func canonicalRoundTrip() async {
        let ids = Gen.int32().array(of: 0...40)
        let names = Self.text(Self.alphanumerics + Array(" &<>\"\\/é€\u{1F600}\t"), of: 0...20)
        await propertyCheck(count: 500, input: ids, names, Self.endpoints) { ids, name, endpoint in
            let text: String
            switch endpoint {
            case .getBatchTaskInfosByAssociates: text = BodyEncoding.json.text(ids: ids, field: nil, variant: 0)
            case .getBatchTaskInfosByAssociatesAndState: text = BodyEncoding.json.text(ids: ids, field: ("State", "All"), variant: 0)
            case .getBatchTaskInfosByNameAndAssociates:
                text = BodyEncoding.json.text(ids: ids, field: ("Name", name.replacingOccurrences(of: "\t", with: " ")), variant: 0)
            }
            guard let body = try? TaskRequestParser.parse(body: ByteBuffer(string: text), contentType: "application/json", endpoint: endpoint, maxIds: 1000) else {
                Issue.record("a well-formed body was refused: \(text)")
                return
            }
            let canonical = body.canonicalJSON(for: endpoint, allocator: ByteBufferAllocator())
            let again = try? TaskRequestParser.parse(body: canonical, contentType: "application/json", endpoint: endpoint, maxIds: 1000)
            #expect(again == body, "\(String(buffer: canonical))")
        }
    }

    @Test("AssociateSet is idempotent and ignores order and duplicates")
    func associateSetNormalisation() async {
        await propertyCheck(count: 1000, input: Gen.int32(in: -50...50).array(of: 0...60), Gen.int(in: 0...Int.max)) { ids, seed in
            let set = AssociateSet(ids)
            #expect(AssociateSet(set.ids) == set)
            var generator = SeededGenerator(seed: UInt64(seed))
            var shuffled = ids + ids.filter { _ in Bool.random(using: &generator) }
            shuffled.shuffle(using: &generator)
            #expect(AssociateSet(shuffled) == set)
            #expect(set.ids == Array(Set(ids)).sorted())
        }
    }

    @Test("JSON, XML and form spellings of one question give one cache key, for every endpoint")
    func formatsShareAKey() async {
        let ids = Gen.int32().array(of: 0...30)
        let stateNames = ["All", "new", "STARTED", "succeeded", "Failed", "aquired"]
        let states = Gen.int(in: 0...(stateNames.count - 1)).map { stateNames[$0] }
        let names = Self.text(Self.alphanumerics + Array(" &<>\"%+="), of: 1...16)
        await propertyCheck(count: 400, input: ids, Self.endpoints, states, names, Gen.int(in: 0...59)) { ids, endpoint, state, name, variant in
            let field: (name: String, value: String)? = switch endpoint {
            case .getBatchTaskInfosByAssociates: nil
            case .getBatchTaskInfosByAssociatesAndState: ("State", state)
            case .getBatchTaskInfosByNameAndAssociates: ("Name", name)
            }
            var keys: [TaskCacheKey] = []
            for encoding in BodyEncoding.allCases {
                let text = encoding.text(ids: ids, field: field, variant: variant)
                do throws(TaskBodyError) {
                    let body = try TaskRequestParser.parse(body: ByteBuffer(string: text), contentType: encoding.contentType, endpoint: endpoint, maxIds: 1000)
                    keys.append(TaskCacheKey(identity: "id", endpoint: endpoint, body: body))
                } catch {
                    Issue.record("\(encoding) refused \(text): \(error.detail)")
                }
            }
            #expect(Set(keys).count == 1, "\(keys.map(\.body))")
            #expect(keys.first?.body.associates == AssociateSet(ids))
        }
    }

    @Test("$select normalisation is idempotent and ignores case, order, spaces and repeats")
    func selectNormalisation() async {
        let names = Self.text(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), of: 1...8).array(of: 0...8)
        await propertyCheck(count: 1000, input: names, Gen.int(in: 0...Int.max)) { names, seed in
            let plain = SelectNormalizer.normalize(names.joined(separator: ","))
            #expect(SelectNormalizer.normalize(plain) == plain)
            var generator = SeededGenerator(seed: UInt64(seed))
            var respelled = (names + names.filter { _ in Bool.random(using: &generator) }).map { name in
                let cased = Bool.random(using: &generator) ? name.uppercased() : name.lowercased()
                return (Bool.random(using: &generator) ? " " : "") + cased + (Bool.random(using: &generator) ? "\t" : "")
            }
            respelled.shuffle(using: &generator)
            #expect(SelectNormalizer.normalize(respelled.joined(separator: ",") + ",,") == plain)
        }
    }
}
