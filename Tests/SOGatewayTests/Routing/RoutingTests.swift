import NIOHTTP1
import Testing

@Suite("Routing")
struct RoutingTests {
    @Test("/{context}/api/... is accepted for the configured tenant and forwarded to the same upstream path")
    func contextPrefix() async throws {
        try await withHarness { h in
            let response = try await h.send(.GET, "/Cust12345/api/v1/Contact/5?$select=name")
            #expect(response.status == .ok)
            let seen = try #require(h.standIn.received.last)
            #expect(seen.path == "/Cust12345/api/v1/Contact/5")
            #expect(seen.query == "$select=name")
        }
    }

    @Test("Another tenant's context gives 404 and nothing goes upstream")
    func otherContext() async throws {
        try await withHarness { h in
            let response = try await h.send(.GET, "/Cust99999/api/v1/Contact/5")
            #expect(response.status == .notFound)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("Paths outside /api/ give 404 problem+json")
    func outsideAPI() async throws {
        try await withHarness { h in
            for path in ["/", "/admin", "/apis/v1", "/Cust12345/login", "/favicon.ico"] {
                let response = try await h.send(.GET, path)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.header("Content-Type") == "application/problem+json")
            }
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("Dot segments that could climb out of the tenant base are refused")
    func dotSegments() async throws {
        try await withHarness { h in
            for path in ["/api/../../Cust99999/api/v1/Contact/5", "/api/v1/%2e%2e/%2E%2E/x"] {
                let response = try await h.send(.GET, path)
                #expect(response.status == .badRequest, "\(path)")
            }
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("The query string is forwarded intact, $select and friends included")
    func queryIntact() async throws {
        try await withHarness { h in
            let query = "$select=name,department,category/id&$filter=name%20begins%20'A'&$top=5"
            _ = try await h.send(.GET, "/api/v1/Contact?\(query)")
            #expect(h.standIn.received.last?.query == query)
        }
    }
}
