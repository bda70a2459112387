import NIOCore
import NIOPosix
import SuperOfficeStandIn

/// A deliberately raw HTTP/1.1 client over a real socket: it writes exactly the bytes asked for and returns
/// whatever came back before EOF, so tests can see resets, short bodies and undecoded gzip.
enum RawHTTPClient {
    /// Sends one request with `Connection: close` and reads until the server closes.
    static func send(
        port: Int, method: String = "GET", path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> RawHTTPResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" || method == "PATCH" {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        let bytes = Array(head.utf8) + body
        return try await exchange(port: port, bytes: bytes)
    }

    /// Writes raw bytes and collects the answer; a reset after some bytes still returns what was read.
    static func exchange(port: Int, bytes: [UInt8]) async throws -> RawHTTPResponse {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        var received: [UInt8] = []
        var failure: (any Error)?
        do {
            try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(bytes: bytes))
                do {
                    for try await chunk in inbound {
                        received.append(contentsOf: chunk.readableBytesView)
                    }
                } catch {
                    failure = error
                }
            }
        } catch {
            failure = failure ?? error
        }
        return RawHTTPResponse(raw: received, connectionError: failure)
    }
}
