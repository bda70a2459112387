import NIOCore

/// One command on its way to Redis, with the promise its reply completes.
struct RESPRequest: Sendable {
    let command: [RESPArgument]
    let promise: EventLoopPromise<RESPValue>
    /// `true` for `send` (an error reply fails the promise), `false` for `pipeline` (kept as a value).
    let errorsAsFailures: Bool
}
