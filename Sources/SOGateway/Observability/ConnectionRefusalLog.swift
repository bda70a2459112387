import GatewayClock
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The `connection refused` log line, at most one a second: a flood of connections past `max_connections`
/// must not become a flood of log lines. Each line names the limit and how many refusals it stands for; the
/// counter `so_gateway_connections_refused_total` counts every one.
final class ConnectionRefusalLog: Sendable {
    private struct State {
        var lastLine: NIODeadline?
        var unlogged = 0
    }

    private let logger: Logger
    private let interval: TimeAmount
    private let clock: GatewayClock
    private let state = NIOLockedValueBox(State())

    /// - Parameter clock: the clock the one-line-a-second rule reads (tests pass a manual one).
    init(logger: Logger, interval: TimeAmount = .seconds(1), clock: GatewayClock = .system) {
        self.logger = logger
        self.interval = interval
        self.clock = clock
    }

    func refused(_ limit: ConnectionLimit) {
        let time = clock.now()
        let count: Int? = state.withLockedValue { state in
            state.unlogged += 1
            if let last = state.lastLine, time - last < interval { return nil }
            state.lastLine = time
            defer { state.unlogged = 0 }
            return state.unlogged
        }
        guard let count else { return }
        logger.warning(
            "connection refused",
            metadata: ["limit": .string(limit.rawValue), "refused": .stringConvertible(count)]
        )
    }
}
