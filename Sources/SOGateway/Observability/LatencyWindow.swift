import Atomics

/// The most recent upstream call durations, for the status page's p50/p99 (the dashboard computes the same
/// from the `so_gateway_upstream_duration_seconds` histogram over time).
///
/// A ring of atomics: recording claims a slot with one increment and stores into it, so calls finishing on
/// different loops never wait for each other. A reader racing a writer may see a slot's previous sample;
/// for a status page's quantiles over 2048 calls that is immaterial.
public final class LatencyWindow: Sendable {
    private let samples: [ManagedAtomic<Int64>]
    /// How many samples were ever recorded; the next one goes to `written % capacity`.
    private let written = ManagedAtomic<Int>(0)
    let capacity: Int

    /// - Parameter capacity: how many recent calls the quantiles are computed over.
    public init(capacity: Int = 2048) {
        self.capacity = max(1, capacity)
        self.samples = (0..<max(1, capacity)).map { _ in ManagedAtomic<Int64>(0) }
    }

    func record(nanoseconds: Int64) {
        let index = written.loadThenWrappingIncrement(ordering: .relaxed)
        samples[index % capacity].store(nanoseconds, ordering: .relaxed)
    }

    /// The `q` quantile (0...1) of the recent calls in nanoseconds (nearest rank), or nil before any call.
    public func quantiles(_ qs: [Double]) -> [Int64?] {
        let sorted = samples.prefix(count).map { $0.load(ordering: .relaxed) }.sorted()
        return qs.map { q in
            guard !sorted.isEmpty else { return nil }
            let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(sorted.count - 1, max(0, rank))]
        }
    }

    /// How many calls the window holds now.
    public var count: Int { min(capacity, written.load(ordering: .relaxed)) }
}
