import Benchmark

/// The gateway's per-request hot functions (issue 7), measured with allocation counts so that a change
/// which adds a malloc per request shows up here before it shows up as lost throughput.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )
    registerKeyNormalizationBenchmarks()
    registerHeaderRewritingBenchmarks()
    registerCompressionBenchmarks()
    registerCacheLookupBenchmarks()
}
