import GatewayClock
import GatewayConfig
import Logging
import NIOConcurrencyHelpers
import NIOHTTP1
import OTel
import ServiceLifecycle
import Tracing

/// Tracing as `tracing` in gateway.yml configures it: swift-otel's tracer with its OTLP/HTTP exporter, made
/// for this gateway only (nothing global is bootstrapped, so several gateways can run in one process).
///
/// Spans are batched and bounded by swift-otel: at most `maxQueueSize` wait for export, more are dropped; an
/// export that fails or takes longer than `exportTimeout` drops its batch. Both are counted in
/// `so_gateway_trace_spans_dropped_total`. Nothing on the request path waits for the collector.
public final class GatewayTracing: Sendable {
    /// How many finished spans may wait for export.
    static let maxQueueSize = 2048
    static let maxExportBatchSize = 512
    /// How often a batch is sent.
    static let scheduleDelay = Duration.seconds(1)
    /// How long one export (with its retries) may take, also bounding the flush at shutdown.
    static let exportTimeout = Duration.seconds(5)

    let spans: any SpanSource
    private let group: ServiceGroup
    private let running = NIOLockedValueBox<Task<Void, Never>?>(nil)

    /// - Parameters:
    ///   - config: the `tracing` block.
    ///   - metrics: where dropped spans are counted.
    ///   - logger: where the exporter's warnings go (at most one line a minute per kind).
    public init(config: TracingConfig, metrics: GatewayMetrics?, logger: Logger, clock: GatewayClock = .system) throws {
        var configuration = OTel.Configuration.default
        configuration.serviceName = config.serviceName
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.endpoint = config.tracesURL
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.traces.otlpExporter.timeout = Self.exportTimeout
        configuration.traces.sampler = .parentBasedTraceIDRatio(ratio: config.sampleRatio) ?? .parentBasedAlwaysOn
        configuration.traces.batchSpanProcessor.maxQueueSize = Self.maxQueueSize
        configuration.traces.batchSpanProcessor.maxExportBatchSize = Self.maxExportBatchSize
        configuration.traces.batchSpanProcessor.scheduleDelay = Self.scheduleDelay
        configuration.traces.batchSpanProcessor.exportTimeout = Self.exportTimeout
        configuration.propagators = [.traceContext]
        let sink = TraceDropCounter.Sink(metrics: metrics, logger: logger, clock: clock)
        configuration.diagnosticLogger = .custom(Logger(label: "so-gateway.tracing") { _ in TraceDropCounter(sink: sink) })
        configuration.diagnosticLogLevel = .warning
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        self.spans = TracerSpanSource(tracer: backend.factory)
        self.group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: backend.service)], logger: logger))
    }

    /// Starts the exporter's background work; `shutdown()` ends it.
    ///
    /// The task is owned here and awaited by `shutdown()`: the exporter is a service that runs for the gateway's
    /// whole life, and the gateway is started and stopped by callers that are not async task groups themselves.
    func start() {
        let group = self.group
        running.withLockedValue { task in
            guard task == nil else { return }
            task = Task { try? await group.run() }
        }
    }

    /// Flushes what is queued (bounded by `exportTimeout`) and stops the exporter.
    func shutdown() async {
        guard let task = running.withLockedValue({ $0 }) else { return }
        await group.triggerGracefulShutdown()
        await task.value
    }
}
