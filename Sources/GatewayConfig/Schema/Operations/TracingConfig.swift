/// OpenTelemetry tracing (`tracing`): where spans go, how many requests are traced, and the service's name.
/// Absent means no tracing at all, and no per-request cost.
public struct TracingConfig: Sendable, Equatable {
    /// The OTLP/HTTP collector's base URL (`http://collector:4318`); spans are POSTed to `<base>/v1/traces`.
    public var otlpEndpoint: UpstreamURL
    /// The share of new traces recorded, 0...1; a partner's `traceparent` decides for its own traces.
    public var sampleRatio: Double
    /// `service.name` on every span.
    public var serviceName: String

    /// Creates tracing settings with the documented defaults.
    public init(otlpEndpoint: UpstreamURL, sampleRatio: Double = 0.1, serviceName: String = "so-gateway") {
        self.otlpEndpoint = otlpEndpoint
        self.sampleRatio = sampleRatio
        self.serviceName = serviceName
    }

    /// The URL spans are sent to.
    public var tracesURL: String {
        otlpEndpoint.string + "/v1/traces"
    }
}

extension TracingConfig {
    /// Reads `{ otlp_endpoint, sample_ratio, service_name }`.
    static func read(from block: MappingReader) -> TracingConfig? {
        var endpoint: UpstreamURL?
        if let text = block.requiredString("otlp_endpoint") {
            switch UpstreamURL.validate(text) {
            case .success(let url): endpoint = url
            case .failure(let problem): block.context.report(block.path("otlp_endpoint"), problem.message)
            }
        }
        var ratio = 0.1
        if let node = block.node("sample_ratio") {
            let expectation = "expected a number from 0 to 1"
            if let text = block.context.scalar(node, at: block.path("sample_ratio"), expecting: expectation) {
                if let value = ConfigNumber.parseDecimal(text), (0...1).contains(value) {
                    ratio = value
                } else {
                    block.context.report(block.path("sample_ratio"), expectation)
                }
            }
        }
        var serviceName = "so-gateway"
        if let name = block.string("service_name") {
            if name.isEmpty || name.utf8.count > 128 || name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                block.context.report(block.path("service_name"), "expected 1 to 128 printable characters")
            } else {
                serviceName = name
            }
        }
        block.finish()
        guard let endpoint else { return nil }
        return TracingConfig(otlpEndpoint: endpoint, sampleRatio: ratio, serviceName: serviceName)
    }
}
