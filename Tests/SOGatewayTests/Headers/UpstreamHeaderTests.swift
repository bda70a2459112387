import Foundation
import NIOHTTP1
import Testing

@Suite("Headers sent upstream")
struct UpstreamHeaderTests {
    @Test("Partner credentials, cookies, app tokens and hop-by-hop headers never reach upstream")
    func strippedHeaders() async throws {
        try await withHarness { h in
            let response = try await h.send(
                .GET, "/api/v1/Contact/5",
                headers: [
                    ("Cookie", "session=partner-secret"), ("X-XSRF-TOKEN", "partner-xsrf"), ("SO-AppToken", "partner-app-token"),
                    ("Connection", "keep-alive, X-Private-Hop"), ("X-Private-Hop", "hop-value"), ("Keep-Alive", "timeout=5"),
                    ("TE", "trailers"), ("Trailer", "X-Foo"), ("Upgrade", "h2c"), ("Proxy-Authorization", "Basic cHJveHk6cHc="),
                    ("Proxy-Connection", "keep-alive"),
                ]
            )
            #expect(response.status == .ok)
            let seen = try #require(h.standIn.received.last)
            #expect(seen.header("X-API-Key") == nil)
            #expect(seen.header("Cookie") == nil)
            #expect(seen.header("X-XSRF-TOKEN") == nil)
            #expect(seen.headerValues("SO-AppToken") == ["demo-app-token"])
            #expect(seen.header("X-Private-Hop") == nil)
            #expect(seen.header("Keep-Alive") == nil)
            #expect(seen.header("TE") == nil)
            #expect(seen.header("Trailer") == nil)
            #expect(seen.header("Upgrade") == nil)
            #expect(seen.header("Proxy-Authorization") == nil)
            #expect(seen.header("Proxy-Connection") == nil)
            #expect(seen.headerValues("Authorization") == ["SOTicket 7T:alice-ticket"])
            let everything = seen.headers.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
            #expect(!everything.contains(TestKeys.partnerA))
            #expect(!everything.contains("partner-secret"))
        }
    }

    @Test("A partner's Bearer key is replaced by the upstream credential, never forwarded")
    func bearerKeyReplaced() async throws {
        try await withHarness { h in
            _ = try await h.send(.GET, "/api/v1/Contact/5", headers: [("Authorization", "Bearer \(TestKeys.partnerA)")], key: nil)
            let seen = try #require(h.standIn.received.last)
            #expect(seen.headerValues("Authorization") == ["SOTicket 7T:alice-ticket"])
        }
    }

    @Test("Each client acts as its configured upstream identity")
    func perClientCredentials() async throws {
        try await withHarness { h in
            _ = try await h.send(.GET, "/api/v1/Contact/5", key: TestKeys.partnerB)
            let seen = try #require(h.standIn.received.last)
            let basic = "Basic " + Data("bob:bob-password".utf8).base64EncodedString()
            #expect(seen.headerValues("Authorization") == [basic])
        }
    }

    @Test("SO-TimeZone: a well-formed partner value wins, else the client's default, else upstream.time_zone")
    func timeZoneSelection() async throws {
        try await withHarness { h in
            _ = try await h.send(.GET, "/api/v1/Contact/5", headers: [("SO-TimeZone", "US-NY, includeTZOffset")])
            #expect(h.standIn.received.last?.header("SO-TimeZone") == "US-NY, includeTZOffset")
            _ = try await h.send(.GET, "/api/v1/Contact/5", headers: [("SO-TimeZone", "261")])
            #expect(h.standIn.received.last?.header("SO-TimeZone") == "261")
            _ = try await h.send(.GET, "/api/v1/Contact/5", headers: [("SO-TimeZone", "Europe/Oslo")])
            #expect(h.standIn.received.last?.header("SO-TimeZone") == "NO")
            _ = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(h.standIn.received.last?.header("SO-TimeZone") == "NO")
            _ = try await h.send(.GET, "/api/v1/Contact/5", key: TestKeys.partnerB)
            #expect(h.standIn.received.last?.header("SO-TimeZone") == "UTC")
            #expect(h.standIn.received.last?.headerValues("SO-TimeZone").count == 1)
        }
    }

    @Test("X-Forwarded-For, X-Forwarded-Proto and X-Request-Id are set; a well-formed request id is kept and echoed")
    func forwardingHeaders() async throws {
        try await withHarness { h in
            let kept = try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Request-Id", "partner-req.42"), ("X-Forwarded-For", "10.1.2.3")])
            let seen = try #require(h.standIn.received.last)
            #expect(seen.header("X-Request-Id") == "partner-req.42")
            #expect(kept.header("X-Request-Id") == "partner-req.42")
            #expect(seen.header("X-Forwarded-For") == "10.1.2.3, 127.0.0.1")
            #expect(seen.header("X-Forwarded-Proto") == "http")

            let replaced = try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Request-Id", "bad id with spaces")])
            let fresh = try #require(replaced.header("X-Request-Id"))
            #expect(fresh != "bad id with spaces")
            #expect(h.standIn.received.last?.header("X-Request-Id") == fresh)
        }
    }

    @Test("Errors echo X-Request-Id too")
    func errorsEchoRequestId() async throws {
        try await withHarness { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Request-Id", "err-1")], key: "wrong")
            #expect(response.status == .unauthorized)
            #expect(response.header("X-Request-Id") == "err-1")
            #expect(response.text.contains("\"request_id\":\"err-1\""))
            let notFound = try await h.send(.GET, "/nope", headers: [("X-Request-Id", "err-2")])
            #expect(notFound.header("X-Request-Id") == "err-2")
        }
    }

    @Test("Language, culture, content negotiation and conditional headers pass through")
    func passThroughHeaders() async throws {
        try await withHarness { h in
            _ = try await h.send(
                .GET, "/api/v1/Contact/5",
                headers: [
                    ("SO-Language", "nb-no"), ("SO-Culture", "sv"), ("Accept-Language", "en"), ("Accept", "application/xml"),
                    ("If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"), ("User-Agent", "partner-app/1.0"),
                ]
            )
            let seen = try #require(h.standIn.received.last)
            #expect(seen.header("SO-Language") == "nb-no")
            #expect(seen.header("SO-Culture") == "sv")
            #expect(seen.header("Accept-Language") == "en")
            #expect(seen.header("Accept") == "application/xml")
            #expect(seen.header("If-Modified-Since") == "Sat, 01 Jan 2000 00:00:00 GMT")
            #expect(seen.header("User-Agent") == "partner-app/1.0")
        }
    }
}
