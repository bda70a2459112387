import NIOCore
import Testing
import TaskCache

@Suite("Freshness policy")
struct FreshnessPolicyTests {
    private let policy = FreshnessPolicy(ttl: .seconds(60), staleWhileRevalidate: .seconds(30), staleIfError: .seconds(300))

    @Test("the freshness table", arguments: [
        (0, Freshness.fresh(remaining: .seconds(60))),
        (59, .fresh(remaining: .seconds(1))),
        (60, .staleWhileRevalidate),
        (89, .staleWhileRevalidate),
        (90, .staleIfErrorOnly),
        (359, .staleIfErrorOnly),
        (360, .expired),
        (100_000, .expired),
        (-5, .fresh(remaining: .seconds(60))),
    ] as [(Int64, Freshness)])
    func table(_ ageSeconds: Int64, _ expected: Freshness) {
        #expect(policy.evaluate(age: .seconds(ageSeconds)) == expected)
    }

    @Test("without stale windows an answer expires at the TTL")
    func noStaleWindows() {
        let strict = FreshnessPolicy(ttl: .seconds(10))
        #expect(strict.evaluate(age: .nanoseconds(9_999_999_999)) == .fresh(remaining: .nanoseconds(1)))
        #expect(strict.evaluate(age: .seconds(10)) == .expired)
    }

    @Test("a zero TTL is never fresh")
    func zeroTTL() {
        let policy = FreshnessPolicy(ttl: .zero, staleWhileRevalidate: .seconds(5))
        #expect(policy.evaluate(age: .zero) == .staleWhileRevalidate)
    }

    @Test("a stale-if-error window shorter than stale-while-revalidate is covered by it")
    func nestedWindows() {
        let policy = FreshnessPolicy(ttl: .seconds(1), staleWhileRevalidate: .seconds(10), staleIfError: .seconds(5))
        #expect(policy.evaluate(age: .seconds(7)) == .staleWhileRevalidate)
        #expect(policy.evaluate(age: .seconds(11)) == .expired)
    }

    @Test("negative durations count as zero")
    func negativeDurations() {
        let policy = FreshnessPolicy(ttl: .seconds(-1), staleWhileRevalidate: .seconds(-1), staleIfError: .seconds(-1))
        #expect(policy.ttl == .zero)
        #expect(policy.evaluate(age: .zero) == .expired)
    }
}
