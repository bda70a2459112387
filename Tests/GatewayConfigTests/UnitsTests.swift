import GatewayConfig
import NIOCore
import Testing

@Suite("Durations and sizes")
struct UnitsTests {
    @Test("valid durations", arguments: [
        ("250ms", TimeAmount.milliseconds(250)), ("30s", .seconds(30)), ("5m", .minutes(5)), ("1h", .hours(1)),
        ("0s", .zero), ("0ms", .zero), ("1_000ms", .seconds(1)),
    ])
    func validDuration(_ text: String, _ expected: TimeAmount) {
        #expect(ConfigDuration.parse(text) == expected)
    }

    @Test("invalid durations", arguments: ["", "30", "s", "-5s", "1.5s", "5 s", "5sec", "5d", "1m30s", "99999999999999h", "+5s", "0x10s", "٣s"])
    func invalidDuration(_ text: String) {
        #expect(ConfigDuration.parse(text) == nil)
    }

    @Test("durations format back to what they parse from", arguments: ["250ms", "30s", "5m", "1h", "0s", "90s"])
    func durationRoundTrip(_ text: String) throws {
        let amount = try #require(ConfigDuration.parse(text))
        #expect(ConfigDuration.format(amount) == text)
    }

    @Test("valid sizes", arguments: [
        ("512KiB", 512 * 1024), ("64MiB", 64 * 1024 * 1024), ("1GiB", 1 << 30), ("100B", 100), ("4096", 4096),
        ("0", 0), ("2KB", 2000), ("3MB", 3_000_000), ("1GB", 1_000_000_000), ("64 MiB", 64 << 20), ("1TiB", 1 << 40),
    ])
    func validSize(_ text: String, _ expected: Int) {
        #expect(ConfigSize.parse(text) == expected)
    }

    @Test("invalid sizes", arguments: ["", "MiB", "-1", "1.5MiB", "64mib", "64M", "64 megabytes", "1e6", "99999999999TiB", "12iB"])
    func invalidSize(_ text: String) {
        #expect(ConfigSize.parse(text) == nil)
    }

    @Test("sizes format in the largest exact binary unit")
    func sizeFormat() {
        #expect(ConfigSize.format(64 << 20) == "64MiB")
        #expect(ConfigSize.format(1536) == "1536B")
        #expect(ConfigSize.format(2048) == "2KiB")
        #expect(ConfigSize.format(0) == "0B")
    }

    @Test("units in a file are read into TimeAmount and bytes")
    func unitsInFile() throws {
        let configuration = try Fixture.parse(Fixture.minimal("""
            limits: { max_body: 512KiB, header_timeout: 250ms, max_decompressed_body: 1000000 }
            cache: { ttl: 1h, stale_if_error: 0s, max_bytes: 1GiB }
            """))
        #expect(configuration.limits.maxBody == 512 * 1024)
        #expect(configuration.limits.headerTimeout == .milliseconds(250))
        #expect(configuration.limits.maxDecompressedBody == 1_000_000)
        #expect(configuration.cache.ttl == .hours(1))
        #expect(configuration.cache.staleIfError == .zero)
        #expect(configuration.cache.maxBytes == 1 << 30)
    }
}
