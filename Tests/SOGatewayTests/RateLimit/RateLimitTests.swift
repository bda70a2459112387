import Foundation
import NIOHTTP1
import SuperOfficeStandIn
import Testing
import TestSupport
import UpstreamTransport

private func limitedYAML(_ url: String, extra: String = "") -> String {
    TestHarness.defaultYAML(standInURL: url, extra: extra)
        .replacingOccurrences(
            of: "    time_zone: NO\n",
            with: "    time_zone: NO\n    rate_limit: { requests_per_second: 0.05, burst: 3 }\n"
        )
}

@Suite("Rate limits on one node")
struct RateLimitTests {
    @Test("A burst is served, then 429 with a correct Retry-After and the RateLimit fields")
    func burstThen429() async throws {
        try await withHarness(yaml: { limitedYAML($0) }) { h in
            for _ in 0..<3 {
                let ok = try await h.send(.GET, "/api/v1/Contact/5")
                #expect(ok.status == .ok)
                #expect(ok.header("RateLimit-Policy") == "\"client\";q=3;w=60")
                #expect(ok.header("RateLimit")?.hasPrefix("\"client\";r=") == true)
            }
            let limited = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.header("Content-Type") == "application/problem+json")
            let retryAfter = try #require(limited.header("Retry-After").flatMap { Int($0) })
            #expect((1...20).contains(retryAfter))
            #expect(limited.header("RateLimit") == "\"client\";r=0;t=\(retryAfter)")
            #expect(h.standIn.receivedCount(pathContaining: "/Contact/") == 3)
        }
    }

    @Test("After Retry-After seconds the client is served again")
    func refill() async throws {
        let clock = ManualClock()
        try await withHarness(yaml: {
            limitedYAML($0).replacingOccurrences(of: "requests_per_second: 0.05, burst: 3", with: "requests_per_second: 1, burst: 1")
        }, clock: clock.clock) { h in
            var limited: GatewayAnswer?
            for _ in 0..<10 {
                let response = try await h.send(.GET, "/api/v1/Contact/5")
                if response.status == .tooManyRequests {
                    limited = response
                    break
                }
            }
            let denial = try #require(limited)
            let retryAfter = try #require(denial.header("Retry-After").flatMap { Int($0) })
            clock.advance(by: .seconds(Int64(retryAfter)))
            let again = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(again.status == .ok)
        }
    }

    @Test("Two clients do not affect each other")
    func clientsIndependent() async throws {
        try await withHarness(yaml: { limitedYAML($0) }) { h in
            for _ in 0..<4 { _ = try await h.send(.GET, "/api/v1/Contact/5") }
            let limited = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(limited.status == .tooManyRequests)
            for _ in 0..<5 {
                let other = try await h.send(.GET, "/api/v1/Contact/5", key: TestKeys.partnerB)
                #expect(other.status == .ok)
            }
        }
    }

    @Test("Cache hits count toward the limit unless count_cache_hits is false")
    func cacheHitsCount() async throws {
        let body = #"{"AssociateIds":[1,2]}"#
        let path = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
        try await withHarness(yaml: { limitedYAML($0) }) { h in
            var statuses = [UInt]()
            for _ in 0..<5 { statuses.append(try await h.send(.POST, path, headers: [("Content-Type", "application/json")], body: body).status.code) }
            #expect(statuses.filter { $0 == 429 }.count == 2)
        }
        try await withHarness(yaml: {
            limitedYAML($0).replacingOccurrences(
                of: "rate_limit: { requests_per_second: 0.05, burst: 3 }", with: "rate_limit: { requests_per_second: 0.05, burst: 3 }\n    count_cache_hits: false"
            )
        }) { h in
            var statuses = [UInt]()
            for _ in 0..<6 { statuses.append(try await h.send(.POST, path, headers: [("Content-Type", "application/json")], body: body).status.code) }
            #expect(statuses.allSatisfy { $0 == 200 })
        }
    }

    @Test("A client over its own limit is refused before it joins a fill others share, so its 429 never reaches them")
    func limitedClientNeverSharesItsRefusal() async throws {
        let path = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
        let headers = [("Content-Type", "application/json"), ("SO-TimeZone", "NO")]
        try await withHarness(yaml: {
            limitedYAML($0, extra: "cache: { ttl: 60s }").replacingOccurrences(
                of: "rate_limit: { requests_per_second: 0.05, burst: 3 }", with: "rate_limit: { requests_per_second: 0.05, burst: 3 }\n    count_cache_hits: false"
            )
        }) { h in
            for associate in 61...63 {
                #expect(try await h.send(.POST, path, headers: headers, body: "{\"AssociateIds\":[\(associate)]}").status == .ok)
            }
            // partner-c (same upstream identity, no limit) starts a fill that is held at the stand-in.
            let gate = h.standIn.holdAnswers(pathContaining: "GetBatchTaskInfosByAssociates")
            async let shared = h.send(.POST, path, headers: headers, body: #"{"AssociateIds":[64]}"#, key: TestKeys.partnerC)
            try await gate.waitUntilHeld()
            let refused = try await h.send(.POST, path, headers: headers, body: #"{"AssociateIds":[64]}"#)
            #expect(refused.status == .tooManyRequests)
            gate.release()
            let served = try await shared
            #expect(served.status == .ok)
            // The other order: the refused client goes first and starts nothing.
            #expect(try await h.send(.POST, path, headers: headers, body: #"{"AssociateIds":[65]}"#).status == .tooManyRequests)
            let after = try await h.send(.POST, path, headers: headers, body: #"{"AssociateIds":[65]}"#, key: TestKeys.partnerC)
            #expect(after.status == .ok)
            #expect(after.header("Cache-Status") == "so-gateway; fwd=miss; stored")
        }
    }

    @Test("An upstream 429 with Retry-After opens the circuit: 503 with Retry-After, then it closes again")
    func circuit() async throws {
        let clock = ManualClock()
        try await withHarness(clock: clock.clock) { h in
            h.standIn.injectFault(.status(429, headers: [("Retry-After", "5")], body: "slow down"), pathContaining: "/Contact/", times: 1)
            let throttled = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(throttled.status == .tooManyRequests)
            let paused = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(paused.status == .serviceUnavailable)
            let retryAfter = Int(paused.header("Retry-After") ?? "") ?? 0
            #expect((1...5).contains(retryAfter))
            #expect(h.standIn.receivedCount(pathContaining: "/Contact/") == 1)
            clock.advance(by: .seconds(Int64(retryAfter)))
            let resumed = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(resumed.status == .ok)
        }
    }

    @Test("Calls over the tenant budget wait up to max_wait for a token")
    func tenantBudgetWaits() async throws {
        let extra = "rate_limit: { upstream: { requests_per_second: 4, burst: 1, max_wait: 1s } }"
        try await withHarness(yaml: { TestHarness.defaultYAML(standInURL: $0, extra: extra) }) { h in
            let started = ContinuousClock.now
            for _ in 0..<3 {
                let response = try await h.send(.GET, "/api/v1/Contact/5")
                #expect(response.status == .ok)
            }
            // Two of the three calls had to wait about 250 ms each for a token.
            #expect(ContinuousClock.now - started >= .milliseconds(400))
        }
    }

    @Test("Past max_wait the tenant budget answers 503 with Retry-After, and cache hits spend no budget")
    func tenantBudgetRejects() async throws {
        let extra = "rate_limit: { upstream: { requests_per_second: 0.1, burst: 1, max_wait: 50ms } }"
        try await withHarness(yaml: { TestHarness.defaultYAML(standInURL: $0, extra: extra) }) { h in
            let path = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
            let stored = try await h.send(.POST, path, headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[5]}"#)
            #expect(stored.status == .ok)
            let rejected = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(rejected.status == .serviceUnavailable)
            let retryAfter = Int(rejected.header("Retry-After") ?? "") ?? 0
            #expect((8...10).contains(retryAfter))
            #expect(rejected.text.contains("upstream-budget"))
            let hit = try await h.send(.POST, path, headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[5]}"#)
            #expect(hit.status == .ok)
            #expect(hit.header("Cache-Status")?.contains("hit") == true)
        }
    }
}
