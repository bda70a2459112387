import NIOCore

/// Lets configuration use Swift `Duration` while deadlines use NIO `TimeAmount`.
extension TimeAmount {
    /// Converts a Swift `Duration`, saturating at `Int64` nanoseconds.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (nanos, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = .nanoseconds(overflow ? .max : nanos.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue)
    }
}
