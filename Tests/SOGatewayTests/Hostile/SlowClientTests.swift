import Foundation
import Testing

/// Slow and idle clients cannot hold connections open: a body trickled byte by byte is cut off after
/// `limits.body_timeout`, a new connection that never sends a request after `limits.header_timeout`, a quiet
/// kept-alive one after `limits.idle_timeout`. Trickled headers and the connection cap:
/// `ListenerLimitsTests.tricklingHeaders` and `ListenerLimitsTests.connectionCap`. The same cases over TLS and
/// HTTP/2: `TLSSlowClientTests`, `HTTP2SlowClientTests`.
@Suite("Hostile: slow clients")
struct SlowClientTests {
    @Test("A body trickled byte by byte is cut off after body_timeout and nothing goes upstream")
    func tricklingBody() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let body = #"{"AssociateIds":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]}"#
            let head = HostileRequest.head(lines: ["Content-Type: application/json", "Content-Length: \(body.utf8.count)"])
            let started = ContinuousClock.now
            let outcome = try await RawClient.exchange(
                port: h.gatewayEndpoint.port, chunks: [head] + body.map { String($0) }, delayBetweenChunks: .milliseconds(100),
                timeout: .seconds(8)
            )
            #expect(outcome.closedByServer)
            #expect(ContinuousClock.now - started < .seconds(6))
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("A chunked body trickled one chunk at a time is cut off after body_timeout")
    func tricklingChunks() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let head = HostileRequest.head("PUT", "/api/v1/Contact/5", lines: ["Content-Type: application/json", "Transfer-Encoding: chunked"])
            let started = ContinuousClock.now
            let outcome = try await RawClient.exchange(
                port: h.gatewayEndpoint.port, chunks: [head] + Array(repeating: "1\r\nx\r\n", count: 60), delayBetweenChunks: .milliseconds(100),
                timeout: .seconds(8)
            )
            #expect(outcome.closedByServer)
            #expect(ContinuousClock.now - started < .seconds(6))
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("A connection that never sends a byte is closed after header_timeout, however long idle_timeout is")
    func silentConnection() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0, limits: "max_body: 1MiB, header_timeout: 1s, body_timeout: 1s, idle_timeout: 30s") }) { h in
            let started = ContinuousClock.now
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [], timeout: .seconds(8))
            #expect(outcome.closedByServer)
            #expect(outcome.received.isEmpty)
            #expect(ContinuousClock.now - started < .seconds(4))
        }
    }

    @Test("A kept-alive connection that goes quiet after its answer is closed after idle_timeout")
    func idleAfterAnswer() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0, limits: "max_body: 1MiB, header_timeout: 2s, body_timeout: 2s, idle_timeout: 2s") }) { h in
            let started = ContinuousClock.now
            let outcome = try await RawClient.exchange(
                port: h.gatewayEndpoint.port, chunks: [HostileRequest.head("GET", "/api/v1/Contact/5", lines: [])], timeout: .seconds(8)
            )
            #expect(HostileRequest.status(outcome.received) == 200, "\(outcome.received.prefix(300))")
            #expect(outcome.closedByServer)
            #expect(ContinuousClock.now - started < .seconds(7))
        }
    }

    @Test("Silent connections beyond limits.max_connections are refused, and their slots free when header_timeout cuts them off")
    func capFreesSlots() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0, limits: "max_body: 1MiB, header_timeout: 3s, body_timeout: 3s, idle_timeout: 30s, max_connections: 2") }) { h in
            async let first = RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [], timeout: .seconds(8))
            async let second = RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [], timeout: .seconds(8))
            #expect(await TLSSlowClientTests.waitForOpenConnections(2, in: h))
            let request = HostileRequest.head("GET", "/api/v1/Contact/5", lines: ["Connection: close"])
            let refused = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [request], timeout: .seconds(2))
            #expect(refused.closedByServer)
            #expect(HostileRequest.status(refused.received) != 200, "\(refused.received.prefix(300))")
            let (one, two) = try await (first, second)
            #expect(one.closedByServer && two.closedByServer)  // the silent ones were cut off by header_timeout
            let served = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [request], timeout: .seconds(3))
            #expect(HostileRequest.status(served.received) == 200)
        }
    }
}
