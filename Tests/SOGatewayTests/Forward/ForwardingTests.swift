import NIOCore
import NIOHTTP1
import SuperOfficeStandIn
import Testing

@Suite("Forwarding")
struct ForwardingTests {
    @Test("Every method with its body and content type reaches upstream unchanged", arguments: [
        (HTTPMethod.PUT, "application/json", #"{"ContactId":5,"Name":"Renamed AS"}"#),
        (HTTPMethod.PATCH, "application/json-patch+json", #"[{"op":"replace","path":"/Name","value":"Patched AS"}]"#),
        (HTTPMethod.PATCH, "application/merge-patch+json", #"{"Name":"Merged AS"}"#),
        (HTTPMethod.POST, "application/xml", "<GetBatchTaskInfoRequest><Id>3001</Id></GetBatchTaskInfoRequest>"),
        (HTTPMethod.POST, "application/x-www-form-urlencoded", "Id=3001"),
        (HTTPMethod.POST, "text/json", #"{"Id":3001}"#),
    ])
    func methodsAndBodies(method: HTTPMethod, contentType: String, body: String) async throws {
        try await withHarness { h in
            let path = method == .POST ? "/api/v1/Agents/Batch/GetBatchTaskInfo" : "/api/v1/Contact/5"
            let response = try await h.send(method, path, headers: [("Content-Type", contentType)], body: body)
            #expect(response.status.code < 500)
            let seen = try #require(h.standIn.received.last)
            #expect(seen.method == method.rawValue)
            #expect(seen.header("Content-Type") == contentType)
            #expect(String(decoding: seen.body, as: UTF8.self) == body)
        }
    }

    @Test("DELETE answers 204 with no body; 404 carries SuperOffice's own error body")
    func statusesPassThrough() async throws {
        try await withHarness { h in
            let deleted = try await h.send(.DELETE, "/api/v1/Contact/7")
            #expect(deleted.status == .noContent)
            #expect(deleted.body.readableBytes == 0)
            let missing = try await h.send(.GET, "/api/v1/Contact/99999")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("SoNotFoundException"))
            #expect(missing.text.contains("Contact id 99999 not found"))
        }
    }

    @Test("An agent that finds nothing answers 200 null, passed through as it is")
    func nullPassesThrough() async throws {
        try await withHarness { h in
            let response = try await h.send(
                .POST, "/api/v1/Agents/Batch/GetBatchTaskInfo", headers: [("Content-Type", "application/json")], body: #"{"Id":999999}"#
            )
            #expect(response.status == .ok)
            #expect(response.text == "null")
        }
    }

    @Test("If-Modified-Since in the future gives 304 from upstream, passed through without a body")
    func notModified() async throws {
        try await withHarness { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5", headers: [("If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT")])
            #expect(response.status == .notModified)
            #expect(response.body.readableBytes == 0)
        }
    }

    @Test("Upstream Set-Cookie and hop-by-hop headers never reach the partner")
    func responseHeadersStripped() async throws {
        try await withHarness { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .ok)
            #expect(response.header("Set-Cookie") == nil)
            #expect(response.header("Keep-Alive") == nil)
            #expect(h.standIn.received.count == 1)
        }
    }

    @Test("Upstream unreachable gives 502 problem+json with the request id, and the gateway keeps serving")
    func upstreamRefused() async throws {
        try await withHarness(yaml: { _ in TestHarness.defaultYAML(standInURL: "http://127.0.0.1:1") }) { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5", headers: [("X-Request-Id", "refused-1")])
            #expect(response.status == .badGateway)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.text.contains("refused-1"))
            let again = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(again.status == .badGateway)
        }
    }

    @Test("Upstream slower than upstream.timeout gives 504, and the next call works")
    func upstreamTimeout() async throws {
        try await withHarness { h in
            h.standIn.injectFault(.delay(.seconds(4)), pathContaining: "/Contact/", times: 1)
            let slow = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(slow.status == .gatewayTimeout)
            #expect(slow.header("Content-Type") == "application/problem+json")
            let next = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(next.status == .ok)
        }
    }

    @Test("Upstream resetting the connection gives 502")
    func upstreamReset() async throws {
        try await withHarness { h in
            h.standIn.injectFault(.resetBeforeResponse, pathContaining: "/Contact/", times: 3)
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .badGateway)
        }
    }
}
