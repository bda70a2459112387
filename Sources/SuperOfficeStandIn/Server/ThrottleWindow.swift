import NIOCore

/// The fixed-window counter for one throttle key.
struct ThrottleWindow: Sendable {
    var start: NIODeadline
    var count: Int
}
