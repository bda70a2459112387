import NIOHTTP1
import SuperOfficeStandIn
import Testing
import UpstreamTransport

private func budgetYAML(_ url: String) -> String {
    TestHarness.defaultYAML(standInURL: url, extra: """
        rate_limit: { upstream: { requests_per_second: 1000, max_concurrent: 1, max_wait: 3s } }
        """)
}

/// The tenant budget's in-flight cap over real sockets: calls over the cap queue first come, first served and
/// start as soon as a slot frees (no polling), or get 503 when `max_wait` passes.
@Suite("The tenant budget's in-flight cap queues calls in order")
struct UpstreamBudgetQueueTests {
    @Test("With max_concurrent 1, calls waiting behind a held one reach upstream one at a time, in arrival order")
    func queuedInArrivalOrder() async throws {
        try await withHarness(yaml: budgetYAML) { h in
            let gate = h.standIn.holdAnswers(pathContaining: "/Contact/", times: 1)
            async let first = h.send(.GET, "/api/v1/Contact/1")
            try await gate.waitUntilHeld(count: 1)
            async let second = h.send(.GET, "/api/v1/Contact/2")
            try await waitUntil("the second waits for the slot") { h.gateway.upstreamSlotsWaiting == 1 }
            async let third = h.send(.GET, "/api/v1/Contact/3")
            try await waitUntil("the third waits behind it") { h.gateway.upstreamSlotsWaiting == 2 }
            #expect(h.standIn.receivedCount(pathContaining: "/Contact/") == 1, "nothing else went upstream while the slot was taken")
            gate.release()
            let answers = try await [first, second, third]
            #expect(answers.allSatisfy { $0.status == .ok })
            let order = h.standIn.received.filter { $0.path.contains("/Contact/") }.map(\.path)
            #expect(order.map { $0.split(separator: "/").last.map(String.init) ?? "" } == ["1", "2", "3"])
        }
    }
}
