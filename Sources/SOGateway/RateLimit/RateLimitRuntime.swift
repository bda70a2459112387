import GatewayClock
import Logging

/// The rate-limit state that outlives configuration reloads: buckets, in-flight counts and the circuit,
/// so a SIGHUP neither resets a partner's quota nor closes an open circuit.
public final class RateLimitRuntime: Sendable {
    public let store: any BucketStore
    let clientConcurrency = ConcurrencyLimiter()
    let upstreamConcurrency = ConcurrencyLimiter()
    public let circuit: UpstreamCircuit

    public init(store: any BucketStore, logger: Logger, metrics: GatewayMetrics?, clock: GatewayClock = .system) {
        self.store = store
        self.circuit = UpstreamCircuit(logger: logger, metrics: metrics, clock: clock)
    }
}
