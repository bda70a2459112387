import Benchmark
import NIOCore
import TaskCache

/// Body → canonical `TaskRequestBody` → `TaskCacheKey` → hash: what every cached task request pays before
/// the store is asked, for each body syntax.
func registerKeyNormalizationBenchmarks() {
    let cases: [(name: String, body: ByteBuffer, contentType: String)] = [
        ("json", TaskBodyFixture.json, "application/json; charset=utf-8"),
        ("xml", TaskBodyFixture.xml, "application/xml"),
        ("form", TaskBodyFixture.form, "application/x-www-form-urlencoded"),
    ]
    for testCase in cases {
        Benchmark(
            "KeyNormalization.\(testCase.name) (20 ids)",
            configuration: .init(scalingFactor: .kilo)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                let parsed = try TaskRequestParser.parse(
                    body: testCase.body, contentType: testCase.contentType,
                    endpoint: .getBatchTaskInfosByAssociates, maxIds: 1000
                )
                let key = TaskCacheKey(
                    identity: TaskBodyFixture.identity, endpoint: .getBatchTaskInfosByAssociates, body: parsed,
                    select: SelectNormalizer.normalize(nil), timeZone: "UTC"
                )
                blackHole(key.hashValue)
            }
        }
    }
}
