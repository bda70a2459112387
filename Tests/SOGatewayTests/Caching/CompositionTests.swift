import Foundation
import GatewayCompression
import NIOCore
import NIOHTTP1
import NIOPosix
import SuperOfficeStandIn
import Testing
import UpstreamTransport
import TestSupport

private let composePath = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"

private func composeYAML(_ url: String) -> String {
    TestHarness.defaultYAML(standInURL: url, extra: "cache: { ttl: 60s, compose_by_associate: true }")
}

private func plain(_ response: GatewayAnswer) throws -> String {
    if response.header("Content-Encoding") == "gzip" {
        let body = try HTTPCompression.decompress(response.body, coding: .gzip, maxSize: 64 << 20, allocator: ByteBufferAllocator())
        return String(buffer: body)
    }
    return response.text
}

private func canonicalBody(_ ids: [Int32]) -> String {
    #"{"AssociateIds":["# + Set(ids).sorted().map(String.init).joined(separator: ",") + "]}"
}

extension TestHarness {
    /// The last request the gateway sent for the task endpoint.
    fileprivate var lastTaskRequest: ReceivedRequest? {
        standIn.received.last { $0.path.contains("GetBatchTaskInfosByAssociates") }
    }

    fileprivate var taskRequestCount: Int {
        standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates")
    }

    /// What the stand-in answers for `ids` when asked directly with the headers and query of `template`
    /// (the credentials, locale and time zone the gateway sent), identity-encoded.
    fileprivate func direct(_ ids: [Int32], like template: ReceivedRequest) async throws -> String {
        let skipped: Set<String> = ["host", "content-length", "accept-encoding", "connection", "content-type"]
        var headers = HTTPHeaders(template.headers.filter { !skipped.contains($0.0.lowercased()) })
        headers.add(name: "Content-Type", value: "application/json")
        let target = template.path + (template.query.map { "?" + $0 } ?? "")
        let response = try await client.send(
            .POST, target, port: standIn.port, headers: headers, body: ByteBuffer(string: canonicalBody(ids)), timeout: .seconds(10)
        )
        #expect(response.status == .ok)
        return response.text
    }
}

@Suite("Composition of task answers from per-associate fragments")
struct CompositionTests {
    @Test("Random sets composed from fragments equal upstream's own answer, asking only for missing associates", arguments: [
        ("application/json", ""), ("application/xml", ""), ("application/json", "?$select=Name,State,Id,AssociateId"),
        ("application/xml", "?$select=Name,State,Id,AssociateId"),
    ])
    func randomSetsMatchUpstream(accept: String, query: String) async throws {
        try await withHarness(yaml: composeYAML) { h in
            var random = SeededGenerator(seed: 0x5EED_0003 &+ UInt64(accept.count + query.count))
            var fetched = Set<Int32>()
            var seenSets = Set<[Int32]>()
            var template: ReceivedRequest?
            for round in 0..<20 {
                let size = Int.random(in: 1...8, using: &random)
                var ids = (0..<size).map { _ in Int32.random(in: 0...40, using: &random) }
                ids.append(contentsOf: ids.prefix(1))
                ids.shuffle(using: &random)
                let set = Set(ids).sorted()
                let missing = set.filter { !fetched.contains($0) }
                let before = h.taskRequestCount
                var headers = [("Content-Type", "application/json"), ("Accept", accept)]
                if round % 2 == 0 { headers.append(("Accept-Encoding", "gzip")) }
                let body = #"{"AssociateIds":["# + ids.map(String.init).joined(separator: ",") + "]}"
                let response = try await h.send(.POST, composePath + query, headers: headers, body: body)
                #expect(response.status == .ok)
                let status = response.header("Cache-Status") ?? ""
                if missing.isEmpty {
                    #expect(h.taskRequestCount == before, "round \(round): nothing should go upstream")
                    if set.count == 1 || seenSets.contains(set) {
                        #expect(status.hasPrefix("so-gateway; hit; ttl="), "round \(round): \(status)")
                    } else {
                        #expect(isComposedHit(status), "round \(round): \(status)")
                    }
                } else {
                    #expect(h.taskRequestCount == before + 1, "round \(round): exactly one upstream call")
                    #expect(h.lastTaskRequest?.bodyText == canonicalBody(missing), "round \(round): only the missing associates")
                    let expected = set.count == 1 ? "so-gateway; fwd=miss; stored" : "so-gateway; fwd=miss; stored; detail=composed"
                    #expect(status == expected, "round \(round): \(status)")
                    template = template ?? h.lastTaskRequest
                }
                fetched.formUnion(set)
                seenSets.insert(set)
                let reference = try #require(template)
                let upstream = try await h.direct(set, like: reference)
                #expect(try plain(response) == upstream, "round \(round): set \(set)")
            }
        }
    }

    @Test("An overlapping set asks upstream once, for only the associates not cached yet")
    func overlappingSetAsksForMissingOnly() async throws {
        try await withHarness(yaml: composeYAML) { h in
            let json = [("Content-Type", "application/json")]
            let first = try await h.send(.POST, composePath, headers: json, body: #"{"AssociateIds":[4,5,6]}"#)
            #expect(first.header("Cache-Status") == "so-gateway; fwd=miss; stored; detail=composed")
            let second = try await h.send(.POST, composePath, headers: json, body: #"{"AssociateIds":[9,5,7,4]}"#)
            #expect(second.header("Cache-Status") == "so-gateway; fwd=miss; stored; detail=composed")
            #expect(h.taskRequestCount == 2)
            #expect(h.lastTaskRequest?.bodyText == #"{"AssociateIds":[7,9]}"#)
            let third = try await h.send(.POST, composePath, headers: json, body: #"{"AssociateIds":[6,7]}"#)
            #expect(isComposedHit(third.header("Cache-Status")))
            #expect(h.taskRequestCount == 2)
            let template = try #require(h.lastTaskRequest)
            #expect(try plain(second) == (try await h.direct([4, 5, 7, 9], like: template)))
            #expect(try plain(third) == (try await h.direct([6, 7], like: template)))
        }
    }

    @Test("Composed answers keep ETag and 304 like whole answers")
    func composedValidators() async throws {
        try await withHarness(yaml: composeYAML) { h in
            let json = [("Content-Type", "application/json")]
            _ = try await h.send(.POST, composePath, headers: json, body: #"{"AssociateIds":[1,2]}"#)
            _ = try await h.send(.POST, composePath, headers: json, body: #"{"AssociateIds":[3]}"#)
            let composed = try await h.send(.POST, composePath, headers: json, body: #"{"AssociateIds":[1,3]}"#)
            #expect(isComposedHit(composed.header("Cache-Status")))
            let etag = try #require(composed.header("ETag"))
            let again = try await h.send(.POST, composePath, headers: json + [("If-None-Match", etag)], body: #"{"AssociateIds":[3,1]}"#)
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
        }
    }

    @Test("Two upstream identities never share fragments")
    func identitiesDoNotShareFragments() async throws {
        try await withHarness(yaml: composeYAML) { h in
            let json = [("Content-Type", "application/json")]
            let alice = try await h.send(.POST, composePath, headers: json, body: #"{"AssociateIds":[2,3,5]}"#)
            #expect(alice.header("Cache-Status") == "so-gateway; fwd=miss; stored; detail=composed")
            let aliceTemplate = try #require(h.lastTaskRequest)
            let bob = try await h.send(.POST, composePath, headers: json + [("SO-TimeZone", "NO")], body: #"{"AssociateIds":[3,5]}"#, key: TestKeys.partnerB)
            #expect(bob.header("Cache-Status") == "so-gateway; fwd=miss; stored; detail=composed")
            #expect(h.taskRequestCount == 2)
            #expect(h.lastTaskRequest?.bodyText == #"{"AssociateIds":[3,5]}"#)
            let bobTemplate = try #require(h.lastTaskRequest)
            #expect(try plain(bob) == (try await h.direct([3, 5], like: bobTemplate)))
            #expect(try plain(bob) != (try await h.direct([3, 5], like: aliceTemplate)))
            #expect(try plain(alice) == (try await h.direct([2, 3, 5], like: aliceTemplate)))
        }
    }

    @Test("A $select that nulls Id falls back to whole answers that still equal upstream's", arguments: ["application/json", "application/xml"])
    func unsplittableFallsBack(accept: String) async throws {
        try await withHarness(yaml: composeYAML) { h in
            let headers = [("Content-Type", "application/json"), ("Accept", accept)]
            let first = try await h.send(.POST, composePath + "?$select=Name,State", headers: headers, body: #"{"AssociateIds":[1,2]}"#)
            #expect(first.header("Cache-Status") == "so-gateway; fwd=miss; stored")
            let template = try #require(h.lastTaskRequest)
            let second = try await h.send(.POST, composePath + "?$select=Name,State", headers: headers, body: #"{"AssociateIds":[2,4]}"#)
            #expect(second.status == .ok)
            #expect(h.lastTaskRequest?.bodyText == #"{"AssociateIds":[2,4]}"#)
            #expect(try plain(first) == (try await h.direct([1, 2], like: template)))
            #expect(try plain(second) == (try await h.direct([2, 4], like: template)))
            let repeated = try await h.send(.POST, composePath + "?$select=Name,State", headers: headers, body: #"{"AssociateIds":[2,1]}"#)
            #expect(repeated.header("Cache-Status")?.hasPrefix("so-gateway; hit; ttl=") == true)
        }
    }
}

/// A composed hit: `so-gateway; hit; ttl=N; detail=composed`, N the seconds of freshness left of its shortest fragment.
private func isComposedHit(_ status: String?) -> Bool {
    guard let status, status.hasPrefix("so-gateway; hit; ttl="), status.hasSuffix("; detail=composed") else { return false }
    return Int(status.dropFirst("so-gateway; hit; ttl=".count).dropLast("; detail=composed".count)) != nil
}
