import GatewayConfig
import Testing

@Suite("SO-TimeZone values")
struct TimeZoneValueTests {
    @Test("accepted values", arguments: [
        "UTC", "NO", "US-NY", "AU-ACT", "AR-NQ", "us-ny", "261", "0", "9999",
        "US-NY, includeTZOffset", "US-NY,includeTZOffset", "NO , INCLUDETZOFFSET", "261, includetzoffset",
    ])
    func accepted(_ value: String) {
        #expect(TimeZoneValue.isValid(value))
    }

    @Test("rejected values", arguments: [
        "", "N", "ABCD", "US-", "US-ABCD", "US-NY-X", "Europe/Oslo", "12345", "-1", "1.5", " NO", "NO ",
        "US-NY, includeOffset", "US-NY,", "US-NY, includeTZOffset, x", "NØ", "U1", "US NY", "NO\r\nX: y",
    ])
    func rejected(_ value: String) {
        #expect(!TimeZoneValue.isValid(value))
    }
}
