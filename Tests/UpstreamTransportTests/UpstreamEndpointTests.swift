import Testing
import UpstreamTransport

@Suite struct UpstreamEndpointTests {
    @Test func parsesSchemeHostAndDefaultPortIgnoringPath() {
        let endpoint = UpstreamEndpoint(url: "https://online3.superoffice.com/Cust12345")
        #expect(endpoint == UpstreamEndpoint(scheme: .https, host: "online3.superoffice.com", port: 443))
        #expect(endpoint?.hostHeader == "online3.superoffice.com")
    }
}
