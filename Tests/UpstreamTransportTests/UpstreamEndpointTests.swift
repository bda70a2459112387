import Testing
import UpstreamTransport

@Suite struct UpstreamEndpointTests {
    @Test func parsesSchemeHostAndDefaultPortIgnoringPath() {
        let endpoint = UpstreamEndpoint(url: "https://online3.superoffice.com/Cust12345")
        #expect(endpoint == UpstreamEndpoint(scheme: .https, host: "online3.superoffice.com", port: 443))
        #expect(endpoint?.hostHeader == "online3.superoffice.com")
    }

    @Test(arguments: [
        ("http://sod.superoffice.com", UpstreamEndpoint(scheme: .http, host: "sod.superoffice.com", port: 80)),
        ("HTTPS://Online.SuperOffice.com:8443/Cust1/api?x=1#f", UpstreamEndpoint(scheme: .https, host: "online.superoffice.com", port: 8443)),
        ("http://127.0.0.1:8080?query", UpstreamEndpoint(scheme: .http, host: "127.0.0.1", port: 8080)),
        ("http://[::1]:9000/path", UpstreamEndpoint(scheme: .http, host: "::1", port: 9000)),
        ("https://[2001:db8::1]/", UpstreamEndpoint(scheme: .https, host: "2001:db8::1", port: 443)),
    ])
    func parsesURLs(url: String, expected: UpstreamEndpoint) {
        #expect(UpstreamEndpoint(url: url) == expected)
    }

    @Test(arguments: [
        "", "online.superoffice.com", "ftp://host/", "https://", "https:///path", "https://user:pw@host/",
        "http://host:0/", "http://host:65536/", "http://host:/", "http://host:8o/", "http://::1/", "http://[::1/",
        "http://[::1]x/",
    ])
    func rejectsURLsThatAreNotHTTPEndpoints(url: String) {
        #expect(UpstreamEndpoint(url: url) == nil)
    }

    @Test func hostHeaderOmitsTheDefaultPortOnly() {
        #expect(UpstreamEndpoint(scheme: .https, host: "a.example", port: 443).hostHeader == "a.example")
        #expect(UpstreamEndpoint(scheme: .http, host: "a.example", port: 80).hostHeader == "a.example")
        #expect(UpstreamEndpoint(scheme: .https, host: "a.example", port: 80).hostHeader == "a.example:80")
        #expect(UpstreamEndpoint(scheme: .http, host: "a.example", port: 8080).hostHeader == "a.example:8080")
        #expect(UpstreamEndpoint(scheme: .http, host: "::1", port: 8080).hostHeader == "[::1]:8080")
        #expect(UpstreamEndpoint(scheme: .https, host: "::1", port: 443).hostHeader == "[::1]")
    }

    @Test func errorDescriptionsNameTheFailure() {
        #expect(UpstreamError.timeout.description == "upstream response timed out")
        #expect(UpstreamError.connectFailed("h:1: connection refused").description.contains("connection refused"))
    }
}
