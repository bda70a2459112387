import GatewayConfig
import Testing

@Suite("tracing")
struct TracingConfigTests {
    @Test("Left out: no tracing at all")
    func absent() throws {
        #expect(try Fixture.parse(Fixture.minimal()).tracing == nil)
    }

    @Test("Written: the collector's base URL, the ratio and the service name; traces go to <base>/v1/traces")
    func written() throws {
        let configuration = try Fixture.parse(Fixture.minimal(
            "tracing: { otlp_endpoint: http://collector:4318, sample_ratio: 0.25, service_name: gateway-eu }"
        ))
        let tracing = try #require(configuration.tracing)
        #expect(tracing.otlpEndpoint.host == "collector")
        #expect(tracing.otlpEndpoint.port == 4318)
        #expect(tracing.sampleRatio == 0.25)
        #expect(tracing.serviceName == "gateway-eu")
        #expect(tracing.tracesURL == "http://collector:4318/v1/traces")
    }

    @Test("Only the endpoint: a ratio of 0.1 and the service name so-gateway")
    func defaults() throws {
        let tracing = try #require(try Fixture.parse(Fixture.minimal("tracing: { otlp_endpoint: \"https://otel.example.com/otlp/\" }")).tracing)
        #expect(tracing.sampleRatio == 0.1)
        #expect(tracing.serviceName == "so-gateway")
        #expect(tracing.tracesURL == "https://otel.example.com/otlp/v1/traces")
    }

    @Test("A missing or bad endpoint, a ratio outside 0...1, an empty name and an unknown key are named with their key paths")
    func problems() {
        #expect(Fixture.problems(Fixture.minimal("tracing: { sample_ratio: 0.5 }")).contains { $0.hasPrefix("tracing.otlp_endpoint:") })
        #expect(Fixture.problems(Fixture.minimal("tracing: { otlp_endpoint: \"collector:4318\" }")).contains { $0.hasPrefix("tracing.otlp_endpoint:") })
        #expect(Fixture.problems(Fixture.minimal("tracing: { otlp_endpoint: \"http://u:p@c:4318\" }")).contains { $0.hasPrefix("tracing.otlp_endpoint:") })
        #expect(Fixture.problems(Fixture.minimal("tracing: { otlp_endpoint: http://c:4318, sample_ratio: 1.5 }")).contains { $0.hasPrefix("tracing.sample_ratio:") })
        #expect(Fixture.problems(Fixture.minimal("tracing: { otlp_endpoint: http://c:4318, sample_ratio: all }")).contains { $0.hasPrefix("tracing.sample_ratio:") })
        #expect(Fixture.problems(Fixture.minimal("tracing: { otlp_endpoint: http://c:4318, service_name: \"\" }")).contains { $0.hasPrefix("tracing.service_name:") })
        #expect(Fixture.problems(Fixture.minimal("tracing: { otlp_endpoint: http://c:4318, exporter: grpc }")).contains { $0.hasPrefix("tracing.exporter:") })
    }
}
