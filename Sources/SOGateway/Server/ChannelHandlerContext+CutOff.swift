import NIOCore
import NIOSSL

extension ChannelHandlerContext {
    /// Closes the connection at once, underneath TLS when there is TLS.
    ///
    /// A connection cut off for a missed deadline or a broken protocol gets no TLS close_notify exchange:
    /// NIOSSL would wait up to its shutdown timeout (5 s) for the peer's answer, and a silent peer never
    /// answers, so its socket and its `max_connections` slot would stay taken that long. Closing from the
    /// TLS handler's own context sends the close below it. Whatever was flushed before (a GOAWAY) is already
    /// with the kernel and still reaches the peer.
    func cutOff() {
        if let tls = try? pipeline.syncOperations.context(handlerType: NIOSSLServerHandler.self) {
            tls.close(promise: nil)
        } else {
            close(promise: nil)
        }
    }
}
