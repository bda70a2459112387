import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Sends raw bytes over TCP and reads whatever comes back until the peer closes or `timeout` passes.
/// For inputs a well-behaved HTTP client refuses to send (smuggling, trickling, bad framing).
enum RawClient {
    struct Outcome {
        var received: String
        /// True when the server closed the connection (as opposed to the read timing out).
        var closedByServer: Bool
    }

    static func exchange(
        port: Int, chunks: [String], delayBetweenChunks: TimeAmount = .zero, timeout: TimeAmount = .seconds(5)
    ) async throws -> Outcome {
        try await exchange(port: port, buffers: chunks.map { ByteBuffer(string: $0) }, delayBetweenChunks: delayBetweenChunks, timeout: timeout)
    }

    /// Writes each buffer as it is (pausing `delayBetweenChunks` between them) and collects the answer.
    static func exchange(
        port: Int, buffers: [ByteBuffer], delayBetweenChunks: TimeAmount = .zero, timeout: TimeAmount = .seconds(5)
    ) async throws -> Outcome {
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
                    for chunk in buffers {
                        try? await outbound.write(chunk)
                        if delayBetweenChunks > .zero {
                            try await Task.sleep(nanoseconds: UInt64(delayBetweenChunks.nanoseconds))
                        }
                    }
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
