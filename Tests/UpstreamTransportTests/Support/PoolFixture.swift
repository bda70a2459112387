import NIOCore
import NIOHTTP1
import NIOPosix
import UpstreamTransport

/// Runs `body` with a fresh event loop group and pool, then shuts both down.
func withPool(
    loops: Int = 1,
    configuration: UpstreamPoolConfiguration = .init(),
    _ body: (MultiThreadedEventLoopGroup, NIOUpstreamPool) async throws -> Void
) async throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: loops)
    let pool: NIOUpstreamPool
    do {
        pool = try NIOUpstreamPool(group: group, configuration: configuration)
    } catch {
        try? await group.shutdownGracefully()
        throw error
    }
    do {
        try await body(group, pool)
    } catch {
        await pool.shutdown()
        try? await group.shutdownGracefully()
        throw error
    }
    await pool.shutdown()
    try? await group.shutdownGracefully()
}

/// A loopback endpoint for a test server's port.
func local(_ port: Int, scheme: UpstreamEndpoint.Scheme = .http, host: String = "127.0.0.1") -> UpstreamEndpoint {
    UpstreamEndpoint(scheme: scheme, host: host, port: port)
}

extension NIOUpstreamPool {
    /// Shorthand for a request in tests; completes on `loop`.
    func send(
        _ method: HTTPMethod = .GET,
        _ target: String = "/",
        to endpoint: UpstreamEndpoint,
        on loop: any EventLoop,
        headers: HTTPHeaders = [:],
        body: String? = nil,
        timeout: TimeAmount = .seconds(10),
        retryOnStaleConnection: Bool = false
    ) async throws -> UpstreamResponse {
        let request = UpstreamRequest(
            method: method,
            target: target,
            headers: headers,
            body: body.map { ByteBuffer(string: $0) },
            timeout: timeout,
            retryOnStaleConnection: retryOnStaleConnection
        )
        return try await self.execute(request, to: endpoint, on: loop).get()
    }
}

extension UpstreamResponse {
    var text: String { String(buffer: self.body) }
}
