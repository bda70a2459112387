import Atomics
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The shared tier's circuit, like the rate-limit store's: the first failed command opens it, and while open
/// no request touches Redis (it goes straight to upstream). A probe every interval closes it once Redis
/// answers again; if an invalidation could not be sent meanwhile, the probe first retires every entry (bumps
/// the epoch), because Redis may hold answers that a write made stale.
final class SharedTierHealth: Sendable {
    private let closed = ManagedAtomic(true)
    private let state = NIOLockedValueBox(State())
    private let logger: Logger
    private let metrics: GatewayMetrics?
    let probeInterval: TimeAmount

    private struct State {
        var stopped = false
        var chain: UInt64 = 0
        /// Invalidations that could not reach Redis so far; the probe retires every entry when this moved
        /// since the last retirement.
        var lost: UInt64 = 0
        var retired: UInt64 = 0
    }

    static let upMetric = "so_gateway_cache_shared_up"
    static let transitionsMetric = "so_gateway_cache_shared_transitions_total"

    init(logger: Logger, metrics: GatewayMetrics?, probeInterval: TimeAmount) {
        self.logger = logger
        self.metrics = metrics
        self.probeInterval = probeInterval
        metrics?.setGauge(Self.upMetric, 1)
    }

    /// Whether requests may use Redis now (lock-free: read on every local miss).
    var isClosed: Bool { closed.load(ordering: .relaxed) }

    /// Notes an invalidation that could not reach Redis (sent and failed, or skipped while open).
    func lostInvalidation() {
        state.withLockedValue { $0.lost &+= 1 }
    }

    /// A command failed: open, and start the probe chain if this opened it.
    /// - Parameters:
    ///   - probe: runs the probe once (retiring every entry first when asked); succeeds when Redis answered.
    func failed(_ error: any Error, on eventLoop: any EventLoop, probe: @escaping @Sendable (_ retire: Bool) -> EventLoopFuture<Void>) {
        let chain = state.withLockedValue { state -> UInt64? in
            guard !state.stopped, closed.load(ordering: .relaxed) else { return nil }
            closed.store(false, ordering: .relaxed)
            state.chain &+= 1
            return state.chain
        }
        guard let chain else { return }
        metrics?.setGauge(Self.upMetric, 0)
        metrics?.increment(Self.transitionsMetric, dimensions: [("to", "open")])
        logger.warning("cache shared store unreachable; serving from local memory and upstream until it answers", metadata: ["error": "\(error)"])
        schedule(chain: chain, on: eventLoop, probe: probe)
    }

    /// Stops probing.
    func stop() {
        state.withLockedValue { $0.stopped = true }
    }

    private func schedule(chain: UInt64, on eventLoop: any EventLoop, probe: @escaping @Sendable (_ retire: Bool) -> EventLoopFuture<Void>) {
        eventLoop.scheduleTask(in: probeInterval) { [self] in
            let lost = state.withLockedValue { state -> UInt64? in
                state.stopped || state.chain != chain ? nil : state.lost
            }
            guard let lost else { return }
            probe(lost != state.withLockedValue { $0.retired }).whenComplete { result in
                switch result {
                case .success where self.recovered(chain: chain, lostAtProbe: lost): break
                case .success, .failure: self.schedule(chain: chain, on: eventLoop, probe: probe)
                }
            }
        }
    }

    /// Closes the circuit unless an invalidation was lost while the probe ran (then it probes again).
    private func recovered(chain: UInt64, lostAtProbe: UInt64) -> Bool {
        let changed = state.withLockedValue { state -> Bool? in
            guard !state.stopped, state.chain == chain, !closed.load(ordering: .relaxed) else { return nil }
            guard state.lost == lostAtProbe else { return false }
            state.retired = lostAtProbe
            closed.store(true, ordering: .relaxed)
            return true
        }
        guard let changed else { return true }
        guard changed else { return false }
        metrics?.setGauge(Self.upMetric, 1)
        metrics?.increment(Self.transitionsMetric, dimensions: [("to", "closed")])
        logger.notice("cache shared store answers again; shared tier resumed")
        return true
    }
}
