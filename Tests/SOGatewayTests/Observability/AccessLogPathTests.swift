import Testing
@testable import SOGateway

/// What the access log keeps of a request target: the path and the query's parameter names, never a value.
@Suite("Access log path")
struct AccessLogPathTests {
    @Test("Query values are dropped and parameter names kept", arguments: [
        ("/api/v1/Contact?$select=name,department&$top=10", "/api/v1/Contact?$select=&$top="),
        ("/api/v1/Contact/5", "/api/v1/Contact/5"),
        ("/api/v1/Contact?", "/api/v1/Contact"),
        ("/api/v1/Contact?api_key=s3cr3t&token=abc", "/api/v1/Contact?api_key=&token="),
        ("/Cust1/api/v1/Contact?ids[]=1&ids[]=2", "/Cust1/api/v1/Contact?ids[]=&ids[]="),
    ])
    func valuesDropped(target: String, logged: String) {
        #expect(AccessLogPath.redacting(target) == logged)
    }

    @Test("A bare query value, an odd parameter name and a fragment never reach the log")
    func oddQueries() {
        #expect(AccessLogPath.redacting("/api/v1/Contact?sk_live_51Hsecret") == "/api/v1/Contact")
        #expect(AccessLogPath.redacting("/api/v1/Contact?Bearer%20abc=1&$top=2") == "/api/v1/Contact?*=&$top=")
        #expect(AccessLogPath.redacting("/api/v1/Contact#token=abc") == "/api/v1/Contact")
        let long = String(repeating: "k", count: 65)
        #expect(AccessLogPath.redacting("/x?\(long)=1") == "/x?*=")
    }

    @Test("An absolute-form target loses its scheme and user:password@authority")
    func absoluteForm() {
        #expect(AccessLogPath.redacting("http://user:pw@example.com/api/v1/Contact?x=1") == "/api/v1/Contact?x=")
        #expect(AccessLogPath.redacting("https://user:pw@example.com") == "/")
        #expect(AccessLogPath.redacting("https://user:pw@example.com?y=2") == "/?y=")
        #expect(AccessLogPath.redacting("*") == "*")
        #expect(AccessLogPath.redacting("example.com:443") == "-")
    }

    @Test("A very long path is cut")
    func longPath() {
        let logged = AccessLogPath.redacting("/" + String(repeating: "a", count: 5000))
        #expect(logged.utf8.count <= AccessLogPath.maxPathBytes + 3)
        #expect(logged.hasSuffix("…"))
    }
}
