import Foundation
import GatewayClock
import NIOConcurrencyHelpers
import NIOCore

/// A clock that moves only when a test moves it, so time-dependent logic is tested without sleeping.
/// Both readings advance together.
public final class ManualClock: Sendable {
    private let state: NIOLockedValueBox<(monotonic: NIODeadline, wall: Date)>

    /// Creates a clock at a fixed start (far from zero, so subtracting durations never goes negative).
    /// - Parameters:
    ///   - start: the initial monotonic reading.
    ///   - date: the initial wall reading.
    public init(start: NIODeadline = .uptimeNanoseconds(1_000_000_000_000), date: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        state = NIOLockedValueBox((start, date))
    }

    /// The clock to inject into the code under test.
    public var clock: GatewayClock {
        GatewayClock(monotonic: { [state] in state.withLockedValue { $0.monotonic } }, wall: { [state] in state.withLockedValue { $0.wall } })
    }

    /// The monotonic time now.
    public func now() -> NIODeadline { state.withLockedValue { $0.monotonic } }

    /// The wall-clock time now.
    public func date() -> Date { state.withLockedValue { $0.wall } }

    /// Moves both readings forward.
    /// - Parameter amount: how far (negative amounts are ignored: time never goes back).
    public func advance(by amount: TimeAmount) {
        guard amount > .zero else { return }
        state.withLockedValue {
            $0.monotonic = $0.monotonic + amount
            $0.wall = $0.wall.addingTimeInterval(Double(amount.nanoseconds) / 1_000_000_000)
        }
    }
}
