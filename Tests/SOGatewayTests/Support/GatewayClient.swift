import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP client the integration tests talk to gateways through: AsyncHTTPClient, not the gateway's own
/// upstream pool, so a framing bug on both sides of the connection cannot pass unseen.
final class GatewayClient: Sendable {
    /// Answers larger than this fail the call (the size the gateway's own pool allows upstream).
    static let maxBody = 64 << 20

    private let client: HTTPClient
    private let isShutDown = NIOLockedValueBox(false)

    /// No decompression (tests read raw gzip and `Content-Encoding`), no redirects followed, no tracing headers
    /// added, idle connections dropped after 1 s (well before any test gateway's idle timeout, so a reused
    /// connection is never one the gateway is closing), and room for as many parallel connections as the tests open.
    init() {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        configuration.connectionPool = .init(idleTimeout: .seconds(1), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        configuration.tracing.tracer = nil
        self.client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    /// Sends one request to `host:port` and returns the whole answer, failing after `timeout`. `Host` is added
    /// when absent and `Content-Length` always comes from `body`; everything else goes as given.
    func send(
        _ method: HTTPMethod, _ target: String, port: Int, host: String = "127.0.0.1", headers: HTTPHeaders = [:],
        body: ByteBuffer? = nil, timeout: TimeAmount = .seconds(10)
    ) async throws -> GatewayAnswer {
        let authority = host.contains(":") ? "[\(host)]" : host
        var request = HTTPClientRequest(url: "http://\(authority):\(port)\(target)")
        request.method = method
        request.headers = headers
        request.body = body.map { .bytes($0) }
        let response = try await client.execute(request, timeout: timeout)
        let received = try await response.body.collect(upTo: Self.maxBody)
        return GatewayAnswer(status: response.status, headers: response.headers, body: received)
    }

    /// Closes every connection; the client cannot be used afterwards.
    func shutdown() async {
        guard isShutDown.withLockedValue({ done in defer { done = true }; return !done }) else { return }
        try? await client.shutdown()
    }

    /// A test that throws before its harness or cluster is stopped still shuts the client down: AsyncHTTPClient
    /// stops a debug test process when a running client is released.
    deinit {
        if isShutDown.withLockedValue({ !$0 }) {
            client.shutdown { _ in }
        }
    }
}
