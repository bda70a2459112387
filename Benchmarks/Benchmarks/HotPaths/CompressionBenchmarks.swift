import Benchmark
import GatewayCompression
import NIOCore
import TaskCache

/// Gzip of the 42 KB task answer (once per cache fill) and gunzip of it (per identity-only client hit).
func registerCompressionBenchmarks() {
    let allocator = ByteBufferAllocator()
    let identity = TaskAnswerFixture.body

    Benchmark("Compression.gzip 42KB task answer (level 6)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try HTTPCompression.gzip(identity, level: 6, allocator: allocator))
        }
    }

    Benchmark("Compression.gunzip 42KB task answer") { benchmark, gzipped in
        for _ in benchmark.scaledIterations {
            blackHole(
                try HTTPCompression.decompress(
                    gzipped, coding: .gzip, maxSize: identity.readableBytes, allocator: allocator
                )
            )
        }
    } setup: {
        try HTTPCompression.gzip(identity, level: 6, allocator: allocator)
    }

    Benchmark("Compression.CachedAnswer.make 42KB (gzip + compact copy + ETag)") { benchmark in
        let associates = AssociateSet(TaskBodyFixture.associates)
        for _ in benchmark.scaledIterations {
            blackHole(
                try CachedAnswer.make(
                    identityBody: identity, contentType: "application/json; charset=utf-8",
                    associates: associates, level: 6, now: .now(), lifetime: .seconds(60), allocator: allocator
                )
            )
        }
    }
}
