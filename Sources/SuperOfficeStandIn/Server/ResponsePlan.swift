import NIOCore

/// What the channel handler must do for one request: the I/O side of the decision the core made.
enum ResponsePlan: Sendable {
    /// Write this answer, optionally after a delay.
    case respond(StandInResponse, after: TimeAmount?)
    /// Close with an RST, answering nothing.
    case resetBeforeResponse
    /// Write the head (with the full Content-Length) and half the body, then close.
    case resetMidBody(StandInResponse)
}
