import Testing
@testable import SOGateway

/// The task cache's counters: atomics that many loops advance at once, read whole by the metrics scrape.
@Suite("Task cache counters")
struct TaskCacheMetricsTests {
    @Test("Events counted from many threads at once all land, each in its own counter")
    func concurrentCounts() async {
        let counters = TaskCacheMetrics()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<1_000 {
                        counters.count(.hit)
                        counters.count(.miss)
                    }
                    counters.count(.store)
                }
            }
        }
        let snapshot = counters.snapshot
        #expect(snapshot.hits == 8_000)
        #expect(snapshot.misses == 8_000)
        #expect(snapshot.stores == 8)
        #expect(snapshot.staleServed == 0 && snapshot.discardedFills == 0 && snapshot.upstreamCalls == 0)
    }

    @Test("Invalidations count events and removed entries by reason; reasons that never happened are absent")
    func invalidations() {
        let counters = TaskCacheMetrics()
        counters.recordInvalidation(.write, removed: 3)
        counters.recordInvalidation(.write, removed: 0)
        counters.recordInvalidation(.bus, removed: 2)
        let snapshot = counters.snapshot
        #expect(snapshot.invalidations == [.write: 2, .bus: 1])
        #expect(snapshot.evicted == [.write: 3, .bus: 2])
    }
}
