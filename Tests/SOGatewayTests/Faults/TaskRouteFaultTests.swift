import Foundation
import GatewayCompression
import NIOCore
import SuperOfficeStandIn
import Testing
import TestSupport
import UpstreamTransport

/// Failing upstreams on the cached task route: each fault gets its documented status, nothing of it is
/// stored (the next call goes upstream again), the gateway keeps serving, and where `cache.stale_if_error`
/// is set a stale copy is served instead. Pass-through faults: `ForwardingTests` (`upstreamRefused`,
/// `upstreamTimeout`, `upstreamReset`); the circuit on pass-through: `RateLimitTests.circuit`.
@Suite("Faults: failing upstreams on the task route")
struct TaskRouteFaultTests {
    static let path = HostileRequest.taskPath
    static let json = [("Content-Type", "application/json")]
    static let body = #"{"AssociateIds":[7,8]}"#

    static func yaml(_ url: String, cache: String = "cache: { ttl: 60s }") -> String {
        TestHarness.defaultYAML(standInURL: url, extra: cache)
    }

    static func upstreamCalls(_ h: TestHarness) -> Int {
        h.standIn.receivedCount(pathContaining: "GetBatchTaskInfosByAssociates")
    }

    static func decoded(_ response: GatewayAnswer) throws -> String {
        guard response.header("Content-Encoding") == "gzip" else { return response.text }
        return String(buffer: try HTTPCompression.decompress(response.body, coding: .gzip, maxSize: 64 << 20, allocator: ByteBufferAllocator()))
    }

    /// Whole answers and composition share one outcome function, so every fault is checked on both paths.
    @Test("Each upstream fault gets its documented status, nothing is stored, and the next call goes upstream again, whole or composed",
          arguments: FaultCase.all, [false, true])
    func faultNotStored(_ fault: FaultCase, compose: Bool) async throws {
        try await withHarness(yaml: { Self.yaml($0, cache: "cache: { ttl: 60s, compose_by_associate: \(compose) }") }) { h in
            h.standIn.injectFault(fault.fault, pathContaining: "GetBatchTaskInfosByAssociates", times: fault.times)
            let failed = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(Int(failed.status.code) == fault.status, "\(fault.name)")
            #expect(failed.header("Cache-Status")?.contains("stored") != true)
            if failed.status.code == 502 || failed.status.code == 504 {
                #expect(failed.header("Content-Type") == "application/problem+json")
            }
            h.standIn.clearFaults()
            let before = Self.upstreamCalls(h)
            let next = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(next.status == .ok)
            #expect(next.header("Cache-Status") == (compose ? "so-gateway; fwd=miss; stored; detail=composed" : "so-gateway; fwd=miss; stored"))
            #expect(Self.upstreamCalls(h) == before + 1)
        }
    }

    @Test("Upstream down (nothing listening) gets 502 problem+json every time; nothing is stored")
    func upstreamDown() async throws {
        try await withHarness(yaml: { _ in Self.yaml("http://127.0.0.1:1") }) { h in
            for _ in 0..<3 {
                let response = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
                #expect(response.status == .badGateway)
                #expect(response.header("Content-Type") == "application/problem+json")
                #expect(response.header("Cache-Status")?.contains("hit") != true)
            }
        }
    }

    @Test("With stale_if_error, each fault (5xx-ending, or a 200 that cannot be stored) serves the stale copy, byte for byte, whole or composed",
          arguments: FaultCase.staleServed, [false, true])
    func staleServed(_ fault: FaultCase, compose: Bool) async throws {
        let clock = ManualClock()
        let cache = "cache: { ttl: 1s, active_ttl: 1s, stale_if_error: 60s, compose_by_associate: \(compose) }"
        try await withHarness(yaml: { Self.yaml($0, cache: cache) }, clock: clock.clock) { h in
            let fresh = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(fresh.status == .ok)
            clock.advance(by: .milliseconds(1300))
            h.standIn.injectFault(fault.fault, pathContaining: "GetBatchTaskInfosByAssociates", times: fault.times)
            let stale = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(stale.status == .ok, "\(fault.name)")
            #expect(stale.header("Cache-Status")?.contains("fwd=stale") == true)
            #expect(try Self.decoded(stale) == Self.decoded(fresh))
        }
    }

    @Test("With stale_if_error, an upstream that went down serves the stale copy")
    func staleWhenDown() async throws {
        let clock = ManualClock()
        try await withHarness(yaml: { Self.yaml($0, cache: "cache: { ttl: 1s, stale_if_error: 60s }") }, clock: clock.clock) { h in
            let fresh = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(fresh.status == .ok)
            // Going down: open keep-alive connections are reset and new ones are refused (nothing listens).
            h.standIn.injectFault(.resetBeforeResponse, times: 100)
            try await h.standIn.shutdown()
            clock.advance(by: .milliseconds(1300))
            let stale = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(stale.status == .ok)
            #expect(stale.header("Cache-Status")?.contains("fwd=stale") == true, "\(stale.header("Cache-Status") ?? "none")")
            #expect(try Self.decoded(stale) == Self.decoded(fresh))
        }
    }

    @Test("429 with Retry-After is passed through with it; while the circuit is open the stale copy is served, then upstream again")
    func throttled() async throws {
        let clock = ManualClock()
        try await withHarness(yaml: { Self.yaml($0, cache: "cache: { ttl: 1s, stale_if_error: 60s }") }, clock: clock.clock) { h in
            let fresh = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            clock.advance(by: .milliseconds(1300))
            h.standIn.injectFault(.status(429, headers: [("Retry-After", "2")], body: "slow down"), pathContaining: "GetBatchTaskInfosByAssociates")
            let throttled = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.header("Retry-After") == "2")
            #expect(throttled.header("Cache-Status")?.contains("stored") != true)
            let calls = Self.upstreamCalls(h)
            let paused = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(paused.status == .ok)
            #expect(paused.header("Cache-Status")?.contains("fwd=stale") == true)
            #expect(try Self.decoded(paused) == Self.decoded(fresh))
            #expect(Self.upstreamCalls(h) == calls)
            clock.advance(by: .milliseconds(2300))
            let resumed = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(resumed.status == .ok)
            #expect(resumed.header("Cache-Status") == "so-gateway; fwd=miss; stored")
            #expect(Self.upstreamCalls(h) == calls + 1)
        }
    }

    @Test("429 without a cached copy is passed through with Retry-After, and the circuit answers 503 meanwhile")
    func throttledWithoutCopy() async throws {
        try await withHarness(yaml: { Self.yaml($0) }) { h in
            h.standIn.injectFault(.status(429, headers: [("Retry-After", "2")], body: "slow down"), pathContaining: "GetBatchTaskInfosByAssociates")
            let throttled = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.header("Retry-After") == "2")
            let paused = try await h.send(.POST, Self.path, headers: Self.json, body: Self.body)
            #expect(paused.status == .serviceUnavailable)
            #expect(paused.header("Retry-After") != nil)
            #expect(Self.upstreamCalls(h) == 1)
        }
    }

    @Test("A truncated gzip answer is 502 also for a gzip-accepting partner (corrupt bytes are not passed on), and is never stored")
    func truncatedGzipForGzipPartner() async throws {
        try await withHarness(yaml: { Self.yaml($0) }) { h in
            h.standIn.injectFault(.truncatedGzip, pathContaining: "GetBatchTaskInfosByAssociates")
            let gzipHeaders = Self.json + [("Accept-Encoding", "gzip")]
            let broken = try await h.send(.POST, Self.path, headers: gzipHeaders, body: Self.body)
            #expect(broken.status == .badGateway)
            #expect(broken.header("Content-Type")?.hasPrefix("application/problem+json") == true)
            #expect(broken.header("Cache-Status") == "so-gateway; fwd=miss; detail=not-cacheable")
            let next = try await h.send(.POST, Self.path, headers: gzipHeaders, body: Self.body)
            #expect(next.status == .ok)
            #expect(next.header("Cache-Status") == "so-gateway; fwd=miss; stored")
            #expect(Self.upstreamCalls(h) == 2)
        }
    }
}
