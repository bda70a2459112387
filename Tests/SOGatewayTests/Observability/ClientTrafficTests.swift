import Testing
import TestSupport
@testable import SOGateway

/// The status page's per-client numbers: counts by status class and a one-minute rate (manual clock).
@Suite("Client traffic")
struct ClientTrafficTests {
    @Test("Counts split into 2xx, 4xx, 5xx and 429, and the rate is requests over the last minute")
    func countsAndRate() {
        let clock = ManualClock()
        let traffic = ClientTraffic(clock: clock.clock)
        for status: UInt in [200, 200, 204, 404, 429, 502] {
            traffic.record(client: "partner-a", status: status)
        }
        traffic.record(client: "partner-b", status: 200)
        let rows = traffic.rows()
        #expect(rows.map(\.client) == ["partner-a", "partner-b"])
        let a = rows[0]
        #expect(a.total == 6)
        #expect(a.status2xx == 3)
        #expect(a.status4xx == 2)
        #expect(a.status429 == 1)
        #expect(a.status5xx == 1)
        #expect(a.ratePerSecond == 6.0 / 60)
        clock.advance(by: .seconds(30))
        traffic.record(client: "partner-a", status: 200)
        #expect(traffic.rows()[0].ratePerSecond == 7.0 / 60)
        clock.advance(by: .seconds(31))
        #expect(traffic.rows()[0].ratePerSecond == 1.0 / 60, "the first six left the window")
        #expect(traffic.rows()[0].total == 7, "totals are kept")
        clock.advance(by: .seconds(600))
        #expect(traffic.rows()[0].ratePerSecond == 0)
    }

    @Test("Upstream latency quantiles are taken over the most recent calls only")
    func latencyWindow() {
        let window = LatencyWindow(capacity: 100)
        #expect(window.quantiles([0.5]) == [nil])
        for ms in 1...100 { window.record(nanoseconds: Int64(ms) * 1_000_000) }
        #expect(window.quantiles([0.5, 0.99]) == [50_000_000, 99_000_000])
        for _ in 1...100 { window.record(nanoseconds: 7_000_000) }
        #expect(window.quantiles([0.5, 0.99]) == [7_000_000, 7_000_000])
        #expect(window.count == 100)
    }

    @Test("A snapshot's tallies count without the lock, carry over to the next snapshot, and unseen clients stay off the page")
    func snapshotTallies() {
        let traffic = ClientTraffic(clock: ManualClock().clock)
        let first = traffic.tallies(forClients: ["partner-a", "partner-b"])
        #expect(Set(first.keys) == ["partner-a", "partner-b", "-"])
        traffic.record(client: "partner-a", status: 200, known: first)
        traffic.record(client: "-", status: 401, known: first)
        traffic.record(client: "renamed-meanwhile", status: 200, known: first)
        #expect(traffic.rows().map(\.client) == ["-", "partner-a", "renamed-meanwhile"], "partner-b made no request")
        let second = traffic.tallies(forClients: ["partner-a"])
        #expect(second["partner-a"] === first["partner-a"], "a reload keeps the client's tally")
        traffic.record(client: "partner-a", status: 200, known: second)
        #expect(traffic.rows().first { $0.client == "partner-a" }?.total == 2)
    }

    @Test("Requests counted at once from many threads all land, in the totals and in the rate")
    func concurrentCounting() async {
        let clock = ManualClock()
        let traffic = ClientTraffic(clock: clock.clock)
        let known = traffic.tallies(forClients: ["partner-a"])
        let window = LatencyWindow(capacity: 64)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<1_000 {
                        traffic.record(client: "partner-a", status: 200, known: known)
                        window.record(nanoseconds: 5)
                    }
                }
            }
        }
        let row = traffic.rows()[0]
        #expect(row.total == 8_000)
        #expect(row.status2xx == 8_000)
        #expect(row.ratePerSecond == 8_000.0 / 60)
        #expect(window.count == 64)
        #expect(window.quantiles([0.5]) == [5])
    }
}
