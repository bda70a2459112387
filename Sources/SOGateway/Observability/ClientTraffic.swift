import GatewayClock
import NIOCore
import NIOConcurrencyHelpers

/// Per-client request counts and the rate over the last minute, for the status page: what the
/// `so_gateway_requests_total` series shows to Prometheus, readable at a glance without one.
public final class ClientTraffic: Sendable {
    /// The window the rate is averaged over.
    public static let windowSeconds = 60

    /// One client's numbers since the gateway started.
    public struct Row: Sendable, Equatable {
        public var client: String
        public var total = 0
        public var status2xx = 0
        public var status4xx = 0
        public var status5xx = 0
        /// 429 answers (also counted in `status4xx`): the gateway's or SuperOffice's rate limits.
        public var status429 = 0
        /// Requests per second, averaged over the last `windowSeconds`.
        public var ratePerSecond = 0.0
    }

    private struct Entry {
        var row: Row
        /// Requests per second slot, indexed by `second % windowSeconds`.
        var slots = [Int](repeating: 0, count: ClientTraffic.windowSeconds)
        var lastSecond: Int64 = 0

        mutating func advance(to second: Int64) {
            guard second > lastSecond else { return }
            let gap = min(Int64(ClientTraffic.windowSeconds), second - lastSecond)
            for step in 1...gap {
                slots[Int((lastSecond + step) % Int64(ClientTraffic.windowSeconds))] = 0
            }
            lastSecond = second
        }
    }

    private let table = NIOLockedValueBox([String: Entry]())
    private let clock: GatewayClock

    /// - Parameter clock: what the rate window reads (tests pass a manual clock).
    public init(clock: GatewayClock = .system) {
        self.clock = clock
    }

    /// Counts one finished request of `client` (`-` before a key was recognised).
    func record(client: String, status: UInt) {
        let second = currentSecond()
        table.withLockedValue { table in
            var entry = table[client] ?? Entry(row: Row(client: client), lastSecond: second)
            entry.advance(to: second)
            entry.slots[Int(second % Int64(Self.windowSeconds))] += 1
            entry.row.total += 1
            switch status / 100 {
            case 2: entry.row.status2xx += 1
            case 4: entry.row.status4xx += 1
            case 5: entry.row.status5xx += 1
            default: break
            }
            if status == 429 { entry.row.status429 += 1 }
            table[client] = entry
        }
    }

    /// Every client seen, by name, with its rate brought up to now.
    public func rows() -> [Row] {
        let second = currentSecond()
        return table.withLockedValue { table in
            table.keys.sorted().compactMap { name in
                guard var entry = table[name] else { return nil }
                entry.advance(to: second)
                table[name] = entry
                var row = entry.row
                row.ratePerSecond = Double(entry.slots.reduce(0, +)) / Double(Self.windowSeconds)
                return row
            }
        }
    }

    private func currentSecond() -> Int64 {
        Int64(clock.now().uptimeNanoseconds / 1_000_000_000)
    }
}
