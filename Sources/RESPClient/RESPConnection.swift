import NIOCore

/// An established, authenticated connection: the channel and the handler that matches its replies.
/// Used only on the channel's event loop.
struct RESPConnection {
    let channel: any Channel
    let handler: RESPCommandHandler
}
