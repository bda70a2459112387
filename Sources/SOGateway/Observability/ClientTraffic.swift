import Atomics
import GatewayClock
import NIOConcurrencyHelpers
import NIOCore

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

    /// One client's counters, all atomics, so requests on different loops count without a lock.
    final class Tally: Sendable {
        let total = ManagedAtomic<Int>(0)
        let status2xx = ManagedAtomic<Int>(0)
        let status4xx = ManagedAtomic<Int>(0)
        let status5xx = ManagedAtomic<Int>(0)
        let status429 = ManagedAtomic<Int>(0)
        /// One slot per second of the window (`second % windowSeconds`), each holding the second it counts
        /// (high bits) and its count (low `countBits`): a slot from an older second reads as empty.
        let slots = (0..<ClientTraffic.windowSeconds).map { _ in ManagedAtomic<UInt64>(0) }
        static let countBits: UInt64 = 24
        static let countMask: UInt64 = (1 << countBits) - 1

        func record(status: UInt, second: Int64) {
            total.wrappingIncrement(ordering: .relaxed)
            switch status / 100 {
            case 2: status2xx.wrappingIncrement(ordering: .relaxed)
            case 4: status4xx.wrappingIncrement(ordering: .relaxed)
            case 5: status5xx.wrappingIncrement(ordering: .relaxed)
            default: break
            }
            if status == 429 { status429.wrappingIncrement(ordering: .relaxed) }
            let slot = slots[Int(second % Int64(ClientTraffic.windowSeconds))]
            let stamp = UInt64(second) << Self.countBits
            var seen = slot.load(ordering: .relaxed)
            while true {
                let next: UInt64
                if seen & ~Self.countMask == stamp {
                    next = seen & Self.countMask == Self.countMask ? seen : seen + 1
                } else {
                    next = stamp | 1
                }
                let (exchanged, original) = slot.compareExchange(expected: seen, desired: next, ordering: .relaxed)
                if exchanged { return }
                seen = original
            }
        }

        func row(client: String, second: Int64) -> Row {
            let oldest = second - Int64(ClientTraffic.windowSeconds)
            let inWindow = slots.reduce(0) { sum, slot in
                let value = slot.load(ordering: .relaxed)
                let stamped = Int64(value >> Self.countBits)
                return stamped > oldest && stamped <= second ? sum + Int(value & Self.countMask) : sum
            }
            return Row(
                client: client, total: total.load(ordering: .relaxed), status2xx: status2xx.load(ordering: .relaxed),
                status4xx: status4xx.load(ordering: .relaxed), status5xx: status5xx.load(ordering: .relaxed),
                status429: status429.load(ordering: .relaxed),
                ratePerSecond: Double(inWindow) / Double(ClientTraffic.windowSeconds)
            )
        }
    }

    /// Every tally made so far, by client name; locked only to add a name (per snapshot, or for a name
    /// no snapshot lists).
    private let tallies = NIOLockedValueBox([String: Tally]())
    private let clock: GatewayClock

    /// - Parameter clock: what the rate window reads (tests pass a manual clock).
    public init(clock: GatewayClock = .system) {
        self.clock = clock
    }

    /// The tallies of `clients` and of `-` (requests without a recognised key), made once per snapshot so
    /// `record` finds them without the lock. Counts carry over: a client kept across a reload keeps its tally.
    func tallies(forClients clients: [String]) -> [String: Tally] {
        tallies.withLockedValue { all in
            var known = [String: Tally]()
            for name in clients + ["-"] { known[name] = Self.tally(name, in: &all) }
            return known
        }
    }

    /// Counts one finished request of `client` (`-` before a key was recognised).
    /// - Parameter known: the snapshot's tallies; a name outside them is looked up under the lock.
    func record(client: String, status: UInt, known: [String: Tally]? = nil) {
        let tally = known?[client] ?? tallies.withLockedValue { Self.tally(client, in: &$0) }
        tally.record(status: status, second: currentSecond())
    }

    private static func tally(_ name: String, in all: inout [String: Tally]) -> Tally {
        if let existing = all[name] { return existing }
        let made = Tally()
        all[name] = made
        return made
    }

    /// Every client that made a request, by name, with its rate brought up to now.
    public func rows() -> [Row] {
        let second = currentSecond()
        let all = tallies.withLockedValue { $0 }
        return all.keys.sorted().compactMap { name in
            guard let tally = all[name], tally.total.load(ordering: .relaxed) > 0 else { return nil }
            return tally.row(client: name, second: second)
        }
    }

    private func currentSecond() -> Int64 {
        Int64(clock.now().uptimeNanoseconds / 1_000_000_000)
    }
}
