import GatewayConfig
import Testing

@Suite("cache.shared_store and its timing keys")
struct SharedStoreConfigTests {
    @Test("Left out: no shared tier, and the documented timings")
    func defaults() throws {
        let plain = try Fixture.parse(Fixture.minimal())
        #expect(plain.cache.sharedStore == nil)
        #expect(plain.cache.sharedTimeout == .milliseconds(100))
        #expect(plain.cache.sharedLockTTL == .seconds(10))
        #expect(plain.cache.sharedWait == .seconds(2))
    }

    @Test("Written: the Redis URL with its database; the bus defaults to it, and a bus written stays its own")
    func written() throws {
        let shared = try Fixture.parse(Fixture.minimal(
            "cache: { shared_store: \"redis://10.0.0.5:6380/2\", shared_timeout: 50ms, shared_lock_ttl: 5s, shared_wait: 1s }"
        ))
        #expect(shared.cache.sharedStore == RedisURL(host: "10.0.0.5", port: 6380, db: 2))
        #expect(shared.cache.bus == shared.cache.sharedStore)
        #expect(shared.cache.sharedTimeout == .milliseconds(50))
        #expect(shared.cache.sharedLockTTL == .seconds(5))
        #expect(shared.cache.sharedWait == .seconds(1))
        let ownBus = try Fixture.parse(Fixture.minimal("cache: { shared_store: \"redis://a:6379\", bus: \"redis://b:6379\" }"))
        #expect(ownBus.cache.bus?.host == "b")
        #expect(ownBus.cache.sharedStore?.host == "a")
    }

    @Test("A bad URL, a zero timeout or lock and a wait longer than the lock are named with their key paths")
    func problems() {
        #expect(Fixture.problems(Fixture.minimal("cache: { shared_store: \"http://redis:6379\" }")).contains { $0.hasPrefix("cache.shared_store:") })
        #expect(Fixture.problems(Fixture.minimal("cache: { shared_timeout: 0s }")).contains { $0.hasPrefix("cache.shared_timeout:") })
        #expect(Fixture.problems(Fixture.minimal("cache: { shared_lock_ttl: 0s }")).contains { $0.hasPrefix("cache.shared_lock_ttl:") })
        #expect(Fixture.problems(Fixture.minimal("cache: { shared_lock_ttl: 1s, shared_wait: 2s }")).contains {
            $0.hasPrefix("cache.shared_wait:") && $0.contains("at most cache.shared_lock_ttl")
        })
    }
}
