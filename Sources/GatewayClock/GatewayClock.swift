import Foundation
import NIOCore

/// The one source of time for every decision that depends on it (cache freshness, renewal margins and
/// back-off, key expiry, rate-limit refill, circuit cool-down), so tests drive time instead of sleeping.
///
/// A value holding two readings: monotonic (`now()`, for durations and deadlines) and wall (`date()`, for
/// timestamps that leave the process: token expiries, log lines, `not_after`). Production code takes
/// `.system`; tests pass a manual clock's `clock`.
public struct GatewayClock: Sendable {
    @usableFromInline let monotonic: @Sendable () -> NIODeadline
    @usableFromInline let wall: @Sendable () -> Date

    /// Creates a clock from its two readings.
    /// - Parameters:
    ///   - monotonic: the monotonic reading (never goes back).
    ///   - wall: the wall-clock reading.
    public init(monotonic: @escaping @Sendable () -> NIODeadline, wall: @escaping @Sendable () -> Date) {
        self.monotonic = monotonic
        self.wall = wall
    }

    /// The process's real clocks.
    public static let system = GatewayClock(monotonic: { NIODeadline.now() }, wall: { Date() })

    /// The monotonic time now.
    @inlinable
    public func now() -> NIODeadline { monotonic() }

    /// The wall-clock time now.
    @inlinable
    public func date() -> Date { wall() }
}
