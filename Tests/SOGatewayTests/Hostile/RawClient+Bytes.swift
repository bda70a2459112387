import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

extension RawClient {
    /// Like `exchange(port:chunks:...)`, but sends bytes exactly as given (binary bodies such as gzip bombs,
    /// which a `String` would re-encode), in one write.
    static func exchange(port: Int, bytes: [UInt8], timeout: TimeAmount = .seconds(5)) async throws -> Outcome {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let collected = NIOLockedValueBox("")
        return try await channel.executeThenClose { inbound, outbound in
            await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    for try await buffer in inbound {
                        let text = String(buffer: buffer)
                        collected.withLockedValue { $0 += text }
                    }
                    return true
                }
                group.addTask {
                    try? await outbound.write(ByteBuffer(bytes: bytes))
                    try await Task.sleep(nanoseconds: UInt64(timeout.nanoseconds))
                    return false
                }
                let closed: Bool
                do {
                    closed = try await group.next() ?? false
                } catch {
                    closed = true  // a reset is the server closing too
                }
                group.cancelAll()
                return Outcome(received: collected.withLockedValue { $0 }, closedByServer: closed)
            }
        }
    }
}
