import NIOCore

/// What the channel handler must do for one request: the I/O side of the decision the core made.
enum ResponsePlan: Sendable {
    /// Write this answer, once `heldBy` (if any) is released and then after `after` (if any).
    case respond(StandInResponse, after: TimeAmount?, heldBy: StandInAnswerGate?)
    /// Close with an RST, answering nothing.
    case resetBeforeResponse
    /// Write the head (with the full Content-Length) and half the body, then close.
    case resetMidBody(StandInResponse)
}
