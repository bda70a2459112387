import Foundation
import GatewayCompression
import NIOCore
import NIOHTTP1
import SuperOfficeStandIn
import Testing
import TestSupport
import UpstreamTransport

private let taskPath = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
private let json = [("Content-Type", "application/json")]

/// The cache settings most tests use; ttl long enough that nothing expires mid-test.
private func cacheYAML(_ url: String, cache: String = "cache: { ttl: 60s }", admin: String = "") -> String {
    TestHarness.defaultYAML(standInURL: url, extra: cache + "\n" + admin)
}

private func decoded(_ response: GatewayAnswer) throws -> String {
    if response.header("Content-Encoding") == "gzip" {
        let plain = try HTTPCompression.decompress(response.body, coding: .gzip, maxSize: 64 << 20, allocator: ByteBufferAllocator())
        return String(buffer: plain)
    }
    return response.text
}

@Suite("Task cache over real sockets")
struct TaskCacheIntegrationTests {
    @Test("Permutations and duplicates of the associate set hit one entry")
    func permutationsShareEntry() async throws {
        try await withHarness(yaml: { cacheYAML($0) }) { h in
            let first = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[30,491]}"#)
            #expect(first.status == .ok)
            #expect(first.header("Cache-Status") == "so-gateway; fwd=miss; stored")
            let second = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[491,30,30]}"#)
            #expect(second.status == .ok)
            #expect(second.header("Cache-Status")?.hasPrefix("so-gateway; hit; ttl=") == true)
            #expect(try decoded(first) == decoded(second))
            #expect(h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") == 1)
        }
    }

    @Test("XML and form bodies normalise to the same entry as JSON")
    func bodyFormatsShareEntry() async throws {
        try await withHarness(yaml: { cacheYAML($0) }) { h in
            _ = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[7,5]}"#)
            let xml = try await h.send(
                .POST, taskPath, headers: [("Content-Type", "application/xml")],
                body: "<GetBatchTaskInfosByAssociatesRequest><AssociateIds><int>5</int><int>7</int></AssociateIds></GetBatchTaskInfosByAssociatesRequest>"
            )
            let form = try await h.send(
                .POST, taskPath, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: "AssociateIds=7&AssociateIds=5"
            )
            #expect(xml.header("Cache-Status")?.contains("hit") == true)
            #expect(form.header("Cache-Status")?.contains("hit") == true)
            #expect(h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") == 1)
        }
    }

    @Test("Two upstream identities never share an entry; two clients acting as one identity do")
    func identityIsolation() async throws {
        try await withHarness(yaml: { cacheYAML($0) }) { h in
            let body = #"{"AssociateIds":[5,8]}"#
            let alice = try await h.send(.POST, taskPath, headers: json, body: body, key: TestKeys.partnerA)
            let bob = try await h.send(.POST, taskPath, headers: json + [("SO-TimeZone", "NO")], body: body, key: TestKeys.partnerB)
            #expect(bob.header("Cache-Status") == "so-gateway; fwd=miss; stored")
            #expect(try decoded(alice) != decoded(bob))
            #expect(h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") == 2)
            // partner-c uses alice's ticket explicitly; its default time zone differs from partner-a's,
            // so send the same SO-TimeZone partner-a got by default.
            let sameIdentity = try await h.send(.POST, taskPath, headers: json + [("SO-TimeZone", "NO")], body: body, key: TestKeys.partnerC)
            #expect(sameIdentity.header("Cache-Status")?.contains("hit") == true)
            #expect(h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") == 2)
        }
    }

    @Test("Each varying header and $select separates entries", arguments: [
        ("SO-Language", "nb-no"), ("Accept-Language", "sv"), ("SO-Culture", "sv"), ("SO-TimeZone", "US-NY"),
        ("Accept", "application/xml"), ("$select", "Name,State"),
    ])
    func varyingHeaders(name: String, value: String) async throws {
        try await withHarness(yaml: { cacheYAML($0) }) { h in
            let body = #"{"AssociateIds":[11,12]}"#
            _ = try await h.send(.POST, taskPath, headers: json, body: body)
            let varied: GatewayAnswer
            if name == "$select" {
                varied = try await h.send(.POST, taskPath + "?$select=" + value, headers: json, body: body)
            } else {
                varied = try await h.send(.POST, taskPath, headers: json + [(name, value)], body: body)
            }
            #expect(varied.header("Cache-Status") == "so-gateway; fwd=miss; stored")
            #expect(h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") == 2)
        }
    }

    @Test("$select is normalised: case and order do not split entries")
    func selectNormalised() async throws {
        try await withHarness(yaml: { cacheYAML($0) }) { h in
            let body = #"{"AssociateIds":[11]}"#
            _ = try await h.send(.POST, taskPath + "?$select=Name,State", headers: json, body: body)
            let again = try await h.send(.POST, taskPath + "?%24select=state,name", headers: json, body: body)
            #expect(again.header("Cache-Status")?.contains("hit") == true)
        }
    }

    @Test("null, error objects, malformed JSON and non-200 answers are not stored", arguments: [
        StandInFault.nullBody, .status(500, headers: [], body: #"{"Error":true}"#), .malformedJSON,
        .status(200, headers: [("Content-Type", "application/json")], body: #"{"Message":"The request is invalid."}"#),
    ])
    func uncacheable(fault: StandInFault) async throws {
        try await withHarness(yaml: { cacheYAML($0) }) { h in
            h.standIn.injectFault(fault, pathContaining: "GetBatchTaskInfosByAssociates", times: 1)
            let body = #"{"AssociateIds":[21]}"#
            let first = try await h.send(.POST, taskPath, headers: json, body: body)
            #expect(first.header("Cache-Status")?.contains("stored") != true)
            let second = try await h.send(.POST, taskPath, headers: json, body: body)
            #expect(second.status == .ok)
            #expect(second.header("Cache-Status") == "so-gateway; fwd=miss; stored")
            #expect(h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") == 2)
        }
    }

    @Test("Bodies that are not an int32 array under AssociateIds get 400 and nothing goes upstream", arguments: [
        #"{"AssociateIds":[1,"2"]}"#, #"{"AssociateIds":[1.5]}"#, #"{"AssociateIds":[2147483648]}"#, #"{"AssociateIds":"#,
        #"{"AssociateIds":null}"#, "<GetBatchTaskInfosByAssociatesRequest><AssociateIds><int>x</int></AssociateIds>",
    ])
    func invalidBodies(body: String) async throws {
        try await withHarness(yaml: { cacheYAML($0) }) { h in
            let contentType = body.hasPrefix("<") ? "application/xml" : "application/json"
            let response = try await h.send(.POST, taskPath, headers: [("Content-Type", contentType)], body: body)
            #expect(response.status == .badRequest)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("More than cache.max_ids ids get 400")
    func tooManyIds() async throws {
        try await withHarness(yaml: { cacheYAML($0, cache: "cache: { ttl: 60s, max_ids: 10 }") }) { h in
            let ids = (1...11).map(String.init).joined(separator: ",")
            let response = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[\#(ids)]}"#)
            #expect(response.status == .badRequest)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("50 concurrent identical misses cause exactly one upstream call, and all get the answer")
    func coalescing() async throws {
        try await withHarness(yaml: { cacheYAML($0) }) { h in
            h.standIn.injectFault(.delay(.milliseconds(500)), pathContaining: "GetBatchTaskInfosByAssociates", times: 1)
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponseStatus, String).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let r = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[40,41,42]}"#)
                        return (r.status, try decoded(r))
                    }
                }
                var all = [(HTTPResponseStatus, String)]()
                for try await result in group { all.append(result) }
                return all
            }
            #expect(statuses.count == 50)
            #expect(statuses.allSatisfy { $0.0 == .ok })
            #expect(Set(statuses.map(\.1)).count == 1)
            #expect(h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") == 1)
        }
    }

    @Test("stale-if-error serves the stale copy when upstream fails")
    func staleIfError() async throws {
        let clock = ManualClock()
        try await withHarness(yaml: { cacheYAML($0, cache: "cache: { ttl: 1s, stale_if_error: 60s }") }, clock: clock.clock) { h in
            let body = #"{"AssociateIds":[50]}"#
            let fresh = try await h.send(.POST, taskPath, headers: json, body: body)
            clock.advance(by: .milliseconds(1300))
            h.standIn.injectFault(.status(503, headers: [], body: "down"), pathContaining: "GetBatchTaskInfosByAssociates", times: 1)
            let stale = try await h.send(.POST, taskPath, headers: json, body: body)
            #expect(stale.status == .ok)
            #expect(stale.header("Cache-Status")?.contains("fwd=stale") == true)
            #expect(try decoded(stale) == decoded(fresh))
            h.standIn.injectFault(.resetBeforeResponse, pathContaining: "GetBatchTaskInfosByAssociates", times: 2)
            let staleAgain = try await h.send(.POST, taskPath, headers: json, body: body)
            #expect(staleAgain.status == .ok)
        }
    }

    @Test("stale-while-revalidate serves the stale copy and refreshes once in the background")
    func staleWhileRevalidate() async throws {
        let clock = ManualClock()
        try await withHarness(yaml: { cacheYAML($0, cache: "cache: { ttl: 1s, stale_while_revalidate: 60s }") }, clock: clock.clock) { h in
            let body = #"{"AssociateIds":[51]}"#
            _ = try await h.send(.POST, taskPath, headers: json, body: body)
            clock.advance(by: .milliseconds(1300))
            let stale = try await h.send(.POST, taskPath, headers: json, body: body)
            #expect(stale.header("Cache-Status")?.contains("fwd=stale") == true)
            // Stale answers are served until the one background refresh has stored its answer.
            try await waitUntil("the background refresh was stored") {
                try await h.send(.POST, taskPath, headers: json, body: body).header("Cache-Status")?.contains("hit") == true
            }
            #expect(h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates") == 2)
        }
    }

    @Test("gzip and identity clients receive byte-identical JSON after decoding; nobody gets an encoding they did not accept")
    func gzipAndIdentity() async throws {
        try await withHarness(yaml: { cacheYAML($0) }) { h in
            let body = #"{"AssociateIds":[60,61,62]}"#
            let gz = try await h.send(.POST, taskPath, headers: json + [("Accept-Encoding", "gzip")], body: body)
            let plain = try await h.send(.POST, taskPath, headers: json, body: body)
            let refused = try await h.send(.POST, taskPath, headers: json + [("Accept-Encoding", "gzip;q=0, identity")], body: body)
            #expect(gz.header("Content-Encoding") == "gzip")
            #expect(plain.header("Content-Encoding") == nil)
            #expect(refused.header("Content-Encoding") == nil)
            #expect(try decoded(gz) == plain.text)
            #expect(refused.text == plain.text)
            #expect(plain.text.hasPrefix("["))
            #expect(gz.header("Vary")?.contains("Accept-Encoding") == true)
        }
    }

    @Test("ETag and Age come with every cached answer; a matching If-None-Match gives 304 without a body")
    func notModified() async throws {
        try await withHarness(yaml: { cacheYAML($0) }) { h in
            let body = #"{"AssociateIds":[70]}"#
            let first = try await h.send(.POST, taskPath, headers: json, body: body)
            let etag = try #require(first.header("ETag"))
            #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/"))
            #expect(first.header("Age") != nil)
            let conditional = try await h.send(.POST, taskPath, headers: json + [("If-None-Match", etag)], body: body)
            #expect(conditional.status == .notModified)
            #expect(conditional.body.readableBytes == 0)
            #expect(conditional.header("ETag") == etag)
            let other = try await h.send(.POST, taskPath, headers: json + [("If-None-Match", "\"nope\"")], body: body)
            #expect(other.status == .ok)
        }
    }

    @Test("Purge by associate removes every entry containing it; the admin key is required, client keys are refused")
    func purge() async throws {
        let adminKey = "admin-key-0123456789abcdefghijklmnopqrstu"
        let admin = "admin: { listen: { host: 127.0.0.1, port: 0 }, api_keys_sha256: [ \"\(TestKeys.hash(adminKey))\" ] }"
        try await withHarness(yaml: { cacheYAML($0, admin: admin) }) { h in
            _ = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[80,81]}"#)
            _ = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[82]}"#)
            let adminPort = try #require(h.gateway.adminPort)
            func adminCall(_ target: String, key: String) async throws -> GatewayAnswer {
                try await h.client.send(.POST, target, port: adminPort, headers: ["X-API-Key": key], timeout: .seconds(5))
            }
            let refused = try await adminCall("/cache/purge?associate=81", key: TestKeys.partnerA)
            #expect(refused.status == .unauthorized)
            let purged = try await adminCall("/cache/purge?associate=81", key: adminKey)
            #expect(purged.status == .ok)
            #expect(purged.text.contains("\"purged\":1"))
            let again = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[81,80]}"#)
            #expect(again.header("Cache-Status") == "so-gateway; fwd=miss; stored")
            let untouched = try await h.send(.POST, taskPath, headers: json, body: #"{"AssociateIds":[82]}"#)
            #expect(untouched.header("Cache-Status")?.contains("hit") == true)
            let all = try await adminCall("/cache/purge", key: adminKey)
            #expect(all.text.contains("\"purged\":2"))
        }
    }
}
