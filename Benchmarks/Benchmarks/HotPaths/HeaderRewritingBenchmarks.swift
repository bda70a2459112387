import Benchmark
import GatewayConfig
import NIOCore
import NIOEmbedded
import NIOHTTP1
import SOGateway

/// `UpstreamHeaderStage.upstreamHeaders(for:)`: the rewrite every forwarded request goes through (strip
/// partner credentials and hop-by-hop headers, inject SuperOffice's headers), on a typical partner request
/// and on one that carries hop-by-hop headers (the slow path).
func registerHeaderRewritingBenchmarks() {
    let cases: [(name: String, extra: [(String, String)])] = [
        ("typical (9 headers)", []),
        ("with hop-by-hop (Connection, Keep-Alive, Proxy-*)", [
            ("Connection", "keep-alive, X-Trace"), ("Keep-Alive", "timeout=5"), ("X-Trace", "1"),
            ("Proxy-Authorization", "Basic cHJveHk6cHJveHk="),
        ]),
    ]
    for testCase in cases {
        Benchmark(
            "HeaderRewriting.\(testCase.name)",
            configuration: .init(scalingFactor: .kilo)
        ) { benchmark, fixture in
            for _ in benchmark.scaledIterations {
                blackHole(fixture.stage.upstreamHeaders(for: fixture.request))
            }
        } setup: {
            try HeaderRewritingFixture(extraHeaders: testCase.extra)
        }
    }
}
