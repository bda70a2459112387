import Benchmark
import GatewayCompression
import NIOCore
import TaskCache

/// A hit in a store holding 10,000 distinct associate sets: lock, hash of the key, LRU move. Keys are built
/// beforehand, so only the lookup is measured (normalization has its own benchmarks).
func registerCacheLookupBenchmarks() {
    Benchmark(
        "CacheLookup.hit (10k entries)",
        configuration: .init(scalingFactor: .kilo)
    ) { benchmark, populated in
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(populated.store.lookup(populated.keys[index], now: .now()))
            index = index &+ 7919 < populated.keys.count ? index &+ 7919 : (index &+ 7919) % populated.keys.count
        }
    } setup: {
        try PopulatedStore(entries: 10_000)
    }

    Benchmark(
        "CacheLookup.miss (10k entries)",
        configuration: .init(scalingFactor: .kilo)
    ) { benchmark, populated in
        for _ in benchmark.scaledIterations {
            blackHole(populated.store.lookup(populated.absentKey, now: .now()))
        }
    } setup: {
        try PopulatedStore(entries: 10_000)
    }
}
