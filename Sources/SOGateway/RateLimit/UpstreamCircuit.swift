import Atomics
import Foundation
import GatewayClock
import Logging
import NIOCore
import NIOHTTP1

/// Pauses all upstream calls after SuperOffice answers 429 or 503 with `Retry-After`, for as long as it asked.
///
/// Every upstream call asks `remaining()`, so the open-until deadline is one atomic (0 = closed): the closed
/// circuit, the common case, costs a load and no lock.
public final class UpstreamCircuit: Sendable {
    /// `NIODeadline.uptimeNanoseconds` of the end of the pause, or 0 while closed.
    private let openUntil = ManagedAtomic<UInt64>(0)
    let logger: Logger
    let metrics: GatewayMetrics?
    /// The pause's start and end, and the HTTP-date form of `Retry-After`, read it.
    let clock: GatewayClock

    public init(logger: Logger, metrics: GatewayMetrics?, clock: GatewayClock = .system) {
        self.logger = logger
        self.metrics = metrics
        self.clock = clock
    }

    /// Time left while the circuit is open; nil when closed.
    public func remaining() -> TimeAmount? {
        let until = openUntil.load(ordering: .relaxed)
        guard until != 0 else { return nil }
        let now = clock.now()
        let deadline = NIODeadline.uptimeNanoseconds(until)
        if deadline > now { return deadline - now }
        // Only the caller that swaps the deadline out reports the close.
        if openUntil.compareExchange(expected: until, desired: 0, ordering: .relaxed).exchanged {
            logger.notice("upstream circuit closed")
            metrics?.increment("so_gateway_upstream_circuit_transitions_total", dimensions: [("to", "closed")])
        }
        return nil
    }

    /// Opens the circuit when an upstream answer asks the gateway to back off.
    public func observe(_ response: GatewayResponse) {
        guard response.annotations.wentUpstream,
            response.status == .tooManyRequests || response.status == .serviceUnavailable,
            let value = response.headers.first(name: "Retry-After"),
            let seconds = Self.retryAfterSeconds(value, now: clock.date()), seconds > 0
        else { return }
        let deadline = (clock.now() + .seconds(Int64(min(seconds, 3600)))).uptimeNanoseconds
        var current = openUntil.load(ordering: .relaxed)
        while current < deadline {
            let (exchanged, original) = openUntil.compareExchange(expected: current, desired: deadline, ordering: .relaxed)
            if exchanged {
                if original == 0 {
                    logger.warning(
                        "upstream circuit opened",
                        metadata: ["status": .stringConvertible(Int(response.status.code)), "seconds": .stringConvertible(seconds)]
                    )
                    metrics?.increment("so_gateway_upstream_circuit_transitions_total", dimensions: [("to", "open")])
                }
                return
            }
            current = original
        }
    }

    /// `Retry-After` as delta-seconds or an HTTP-date.
    static func retryAfterSeconds(_ value: String, now: Date) -> Int? {
        let trimmed = value.trimmingSpaces()
        if let seconds = Int(trimmed) { return seconds }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        return max(0, Int(date.timeIntervalSince(now).rounded(.up)))
    }
}
