import GatewayConfig
import NIOCore
import NIOEmbedded
import NIOHTTP1
import SOGateway

/// A header stage configured as `scripts/bench.sh` configures the gateway, and a partner request as
/// `../shared/bench/task.lua` sends it, for the header-rewriting benchmark.
struct HeaderRewritingFixture {
    /// The stage under test.
    let stage: UpstreamHeaderStage
    /// The partner request, as the listener builds it.
    let request: GatewayRequest

    /// Builds the stage from a configuration and a request with the typical partner headers.
    /// - Parameter extraHeaders: headers appended to the typical set.
    init(extraHeaders: [(String, String)]) throws {
        let yaml = """
            listen: { host: 127.0.0.1, port: 18090 }
            upstream:
              url: http://127.0.0.1:18080/Cust12345
              app_token: benchmark-app-token
              time_zone: UTC
              credentials: { ticket: "7T:benchmarkticket" }
            clients:
              - name: bench
                api_keys_sha256: [ "\(String(repeating: "ab", count: 32))" ]
            """
        let configuration = try ConfigLoader.parse(yaml: yaml, environment: [:], baseDirectory: "/")
        stage = UpstreamHeaderStage(upstream: configuration.upstream)
        var headers = HTTPHeaders([
            ("Host", "127.0.0.1:18090"), ("User-Agent", "wrk"), ("Accept", "application/json"),
            ("Accept-Encoding", "gzip"), ("Content-Type", "application/json"), ("Content-Length", "98"),
            ("X-API-Key", "bench-key"), ("SO-Language", "en"), ("X-Correlation-Id", "c0ffee"),
        ])
        headers.add(contentsOf: extraHeaders)
        let head = HTTPRequestHead(
            version: .http1_1, method: .POST, uri: "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates",
            headers: headers
        )
        request = GatewayRequest(
            head: head, body: TaskBodyFixture.json, requestId: "3f2a9c1e-bench", remoteAddress: "127.0.0.1",
            isTLS: false, receivedAt: .now(), eventLoop: EmbeddedEventLoop()
        )
    }
}
