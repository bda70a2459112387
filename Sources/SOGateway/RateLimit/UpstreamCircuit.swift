import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// Pauses all upstream calls after SuperOffice answers 429 or 503 with `Retry-After`, for as long as it asked.
public final class UpstreamCircuit: Sendable {
    private let openUntil = NIOLockedValueBox<NIODeadline?>(nil)
    let logger: Logger
    let metrics: GatewayMetrics?

    public init(logger: Logger, metrics: GatewayMetrics?) {
        self.logger = logger
        self.metrics = metrics
    }

    /// Time left while the circuit is open; nil when closed.
    public func remaining(now: NIODeadline = .now()) -> TimeAmount? {
        let closed: Bool = openUntil.withLockedValue { until in
            guard let deadline = until else { return false }
            if deadline <= now {
                until = nil
                return true
            }
            return false
        }
        if closed {
            logger.notice("upstream circuit closed")
            metrics?.increment("so_gateway_upstream_circuit_transitions_total", dimensions: [("to", "closed")])
            return nil
        }
        return openUntil.withLockedValue { $0.map { $0 - now } }
    }

    /// Opens the circuit when an upstream answer asks the gateway to back off.
    public func observe(_ response: GatewayResponse, now: NIODeadline = .now()) {
        guard response.annotations.wentUpstream,
            response.status == .tooManyRequests || response.status == .serviceUnavailable,
            let value = response.headers.first(name: "Retry-After"),
            let seconds = Self.retryAfterSeconds(value, now: now), seconds > 0
        else { return }
        let deadline = now + .seconds(Int64(min(seconds, 3600)))
        let opened: Bool = openUntil.withLockedValue { until in
            let wasOpen = until != nil
            if let current = until, current >= deadline { return false }
            until = deadline
            return !wasOpen
        }
        if opened {
            logger.warning(
                "upstream circuit opened", metadata: ["status": .stringConvertible(Int(response.status.code)), "seconds": .stringConvertible(seconds)]
            )
            metrics?.increment("so_gateway_upstream_circuit_transitions_total", dimensions: [("to", "open")])
        }
    }

    /// `Retry-After` as delta-seconds or an HTTP-date.
    static func retryAfterSeconds(_ value: String, now: NIODeadline) -> Int? {
        let trimmed = value.trimmingSpaces()
        if let seconds = Int(trimmed) { return seconds }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        return max(0, Int(date.timeIntervalSinceNow.rounded(.up)))
    }
}
