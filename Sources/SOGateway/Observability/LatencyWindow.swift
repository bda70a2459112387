import NIOConcurrencyHelpers

/// The most recent upstream call durations, for the status page's p50/p99 (the dashboard computes the same
/// from the `so_gateway_upstream_duration_seconds` histogram over time).
public final class LatencyWindow: Sendable {
    private struct Ring {
        var samples: [Int64]
        var next = 0
        var filled = 0
    }

    private let ring: NIOLockedValueBox<Ring>
    let capacity: Int

    /// - Parameter capacity: how many recent calls the quantiles are computed over.
    public init(capacity: Int = 2048) {
        self.capacity = capacity
        self.ring = NIOLockedValueBox(Ring(samples: [Int64](repeating: 0, count: capacity)))
    }

    func record(nanoseconds: Int64) {
        ring.withLockedValue { ring in
            ring.samples[ring.next] = nanoseconds
            ring.next = (ring.next + 1) % capacity
            ring.filled = min(capacity, ring.filled + 1)
        }
    }

    /// The `q` quantile (0...1) of the recent calls in nanoseconds (nearest rank), or nil before any call.
    public func quantiles(_ qs: [Double]) -> [Int64?] {
        let sorted = ring.withLockedValue { Array($0.samples.prefix($0.filled)) }.sorted()
        return qs.map { q in
            guard !sorted.isEmpty else { return nil }
            let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(sorted.count - 1, max(0, rank))]
        }
    }

    /// How many calls the window holds now.
    public var count: Int { ring.withLockedValue { $0.filled } }
}
