import GatewayConfig
import Testing

@Suite("cache.active_ttl, cache.invalidate_on_write and cache.bus")
struct CacheFreshnessConfigTests {
    @Test("Left out: active_ttl is 2 s (or the ttl when shorter), writes invalidate, and there is no bus")
    func defaults() throws {
        let plain = try Fixture.parse(Fixture.minimal())
        #expect(plain.cache.activeTTL == .seconds(2))
        #expect(plain.cache.invalidateOnWrite == true)
        #expect(plain.cache.bus == nil)
        let short = try Fixture.parse(Fixture.minimal("cache: { ttl: 1s }"))
        #expect(short.cache.activeTTL == .seconds(1))
    }

    @Test("Written: the values given, and the bus as a Redis URL with its database")
    func written() throws {
        let configuration = try Fixture.parse(Fixture.minimal(
            "cache: { ttl: 60s, active_ttl: 500ms, invalidate_on_write: false, bus: \"redis://10.0.0.5:6380/2\" }"
        ))
        #expect(configuration.cache.activeTTL == .milliseconds(500))
        #expect(configuration.cache.invalidateOnWrite == false)
        #expect(configuration.cache.bus?.host == "10.0.0.5")
        #expect(configuration.cache.bus?.port == 6380)
        #expect(configuration.cache.bus?.db == 2)
    }

    @Test("An active_ttl above the ttl, a bad bus URL and a non-bool invalidate_on_write are named with their key paths")
    func problems() {
        #expect(Fixture.problems(Fixture.minimal("cache: { ttl: 10s, active_ttl: 11s }")).contains { $0.hasPrefix("cache.active_ttl:") && $0.contains("must be at most cache.ttl") })
        #expect(Fixture.problems(Fixture.minimal("cache: { bus: \"http://redis:6379\" }")).contains { $0.hasPrefix("cache.bus:") })
        #expect(Fixture.problems(Fixture.minimal("cache: { invalidate_on_write: maybe }")).contains { $0.hasPrefix("cache.invalidate_on_write:") })
    }
}
