import Foundation
import NIOCore
import NIOHTTP1
import Testing

@Suite("Listener limits")
struct ListenerLimitsTests {
    @Test("A body over limits.max_body gets 413 before anything goes upstream")
    func bodyTooLarge() async throws {
        try await withHarness { h in
            let body = String(repeating: "x", count: 65 * 1024)
            let response = try await h.send(.PUT, "/api/v1/Contact/5", headers: [("Content-Type", "application/json")], body: body)
            #expect(response.status == .payloadTooLarge)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("A chunked body that grows over the limit gets 413 and the connection closes")
    func chunkedTooLarge() async throws {
        try await withHarness { h in
            let chunk = String(repeating: "y", count: 40 * 1024)
            let hex = String(chunk.utf8.count, radix: 16)
            let request = "PUT /api/v1/Contact/5 HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "\(hex)\r\n\(chunk)\r\n\(hex)\r\n\(chunk)\r\n0\r\n\r\n"
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [request])
            #expect(outcome.received.hasPrefix("HTTP/1.1 413"))
            #expect(outcome.closedByServer)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("Oversized request headers get 431")
    func headersTooLarge() async throws {
        try await withHarness { h in
            let big = String(repeating: "a", count: 20 * 1024)
            let outcome = try await RawClient.exchange(
                port: h.gatewayEndpoint.port,
                chunks: ["GET /api/v1/Contact/5 HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\nX-Big: \(big)\r\n\r\n"]
            )
            #expect(outcome.received.hasPrefix("HTTP/1.1 431"))
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("Too many headers get 431")
    func tooManyHeaders() async throws {
        try await withHarness { h in
            let many = (0..<150).map { "X-H\($0): v\r\n" }.joined()
            let outcome = try await RawClient.exchange(
                port: h.gatewayEndpoint.port,
                chunks: ["GET /api/v1/Contact/5 HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\n\(many)\r\n"]
            )
            #expect(outcome.received.hasPrefix("HTTP/1.1 431"))
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("An over-long target gets 414")
    func targetTooLong() async throws {
        try await withHarness { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5?q=" + String(repeating: "z", count: 9000))
            #expect(response.status == .uriTooLong)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("A client trickling its headers is cut off after header_timeout")
    func tricklingHeaders() async throws {
        try await withHarness { h in
            let bytes = "GET /api/v1/Contact/5 HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\n".map { String($0) }
            let started = ContinuousClock.now
            let outcome = try await RawClient.exchange(
                port: h.gatewayEndpoint.port, chunks: bytes, delayBetweenChunks: .milliseconds(50), timeout: .seconds(8)
            )
            #expect(outcome.closedByServer)
            #expect(ContinuousClock.now - started < .seconds(6))
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("Connections beyond limits.max_connections are refused")
    func connectionCap() async throws {
        try await withHarness(yaml: { url in
            TestHarness.defaultYAML(standInURL: url).replacingOccurrences(of: "idle_timeout: 5s", with: "idle_timeout: 5s, max_connections: 2")
        }) { h in
            async let first = RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [], timeout: .seconds(2))
            async let second = RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [], timeout: .seconds(2))
            #expect(await TLSSlowClientTests.waitForOpenConnections(2, in: h))
            let third = try await RawClient.exchange(
                port: h.gatewayEndpoint.port, chunks: ["GET /api/v1/Contact/5 HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\n\r\n"],
                timeout: .seconds(2)
            )
            #expect(third.closedByServer)
            #expect(!third.received.contains("200 OK"))
            _ = try await (first, second)
        }
    }

    @Test("Content-Length together with Transfer-Encoding is refused with 400 and nothing goes upstream")
    func smuggling() async throws {
        try await withHarness { h in
            let outcome = try await RawClient.exchange(
                port: h.gatewayEndpoint.port,
                chunks: ["POST /api/v1/Contact HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"]
            )
            #expect(outcome.received.hasPrefix("HTTP/1.1 400"))
            #expect(outcome.closedByServer)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("Pipelined requests on one connection are all answered, in order")
    func pipelining() async throws {
        try await withHarness { h in
            let one = "GET /api/v1/Contact/5 HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\nX-Request-Id: first\r\n\r\n"
            let two = "GET /api/v1/Contact/99999 HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\nX-Request-Id: second\r\n\r\n"
            let three = "GET /api/v1/Contact/6 HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\nX-Request-Id: third\r\nConnection: close\r\n\r\n"
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [one + two + three], timeout: .seconds(5))
            // Bodies do not end in CRLF, so a status line may follow a body on the same "line".
            let statuses = outcome.received.matches(of: /HTTP\/1\.1 (\d{3})/).map { String($0.output.1) }
            #expect(statuses == ["200", "404", "200"])
            let ids = outcome.received.components(separatedBy: "\r\n").filter { $0.lowercased().hasPrefix("x-request-id:") }
            #expect(ids.map { $0.lowercased() } == ["x-request-id: first", "x-request-id: second", "x-request-id: third"])
            #expect(outcome.closedByServer)
        }
    }
}
