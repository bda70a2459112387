import Testing

/// Control characters in the head and oversized heads: CR, LF or NUL anywhere in a header value or the
/// target is malformed HTTP (400); oversized heads get 431, an over-long target 414. Every one closes the
/// connection and nothing goes upstream. Same-limit checks over an HTTP client: `ListenerLimitsTests`
/// (`headersTooLarge`, `tooManyHeaders`, `targetTooLong`).
@Suite("Hostile: header and target injection")
struct HeaderInjectionTests {
    static let contact = "/api/v1/Contact/5"

    static let malformed: [HostileCase] = [
        HostileCase(name: "bare CR in a header value", raw: HostileRequest.head("GET", contact, lines: ["X-Note: a\rX-Injected: 1"])),
        HostileCase(name: "bare LF in a header value", raw: HostileRequest.head("GET", contact, lines: ["X-Note: a\nX-Injected: 1"])),
        HostileCase(name: "NUL in a header value", raw: HostileRequest.head("GET", contact, lines: ["X-Note: a\u{0}b"])),
        HostileCase(name: "NUL in the key header", raw: "GET \(contact) HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\u{0}\r\n\r\n"),
        HostileCase(name: "bare CR in a header name", raw: HostileRequest.head("GET", contact, lines: ["X-No\rte: a"])),
        HostileCase(name: "NUL in the target", raw: HostileRequest.head("GET", contact + "\u{0}", lines: [])),
        HostileCase(name: "bare CR in the target", raw: HostileRequest.head("GET", contact + "\r/x", lines: [])),
        HostileCase(name: "bare LF in the target", raw: HostileRequest.head("GET", contact + "\n/x", lines: [])),
        HostileCase(name: "a space in the target", raw: HostileRequest.head("GET", contact + " /x", lines: [])),
        HostileCase(name: "a request line with no version", raw: "GET \(contact)\r\nHost: x\r\n\r\n"),
        HostileCase(name: "a header line without a colon", raw: HostileRequest.head("GET", contact, lines: ["X-Note a"])),
    ]

    @Test("CR, LF, NUL or spaces in the head get 400 problem+json, the connection closes, nothing goes upstream", arguments: malformed)
    func malformedHead(_ attack: HostileCase) async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [attack.raw], timeout: .seconds(3))
            #expect(HostileRequest.status(outcome.received) == 400, "\(attack.name): \(outcome.received.prefix(80))")
            #expect(HostileRequest.isProblem(outcome.received))
            #expect(outcome.closedByServer)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("Many headers whose total size is over limits.max_header_bytes get 431 and the connection closes")
    func headerBytesTotal() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let lines = (0..<40).map { "X-Pad-\($0): " + String(repeating: "p", count: 500) }
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [HostileRequest.head("GET", Self.contact, lines: lines)], timeout: .seconds(3))
            #expect(HostileRequest.status(outcome.received) == 431)
            #expect(HostileRequest.isProblem(outcome.received))
            #expect(outcome.closedByServer)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("One header line over limits.max_header_bytes, sent in pieces, gets 431 and the connection closes")
    func headerLineInPieces() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let start = "GET \(Self.contact) HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\nX-Big: "
            let pieces = [start] + Array(repeating: String(repeating: "b", count: 4096), count: 5) + ["\r\n\r\n"]
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: pieces, timeout: .seconds(3))
            #expect(HostileRequest.status(outcome.received) == 431)
            #expect(outcome.closedByServer)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("More than limits.max_header_count headers get 431 and the connection closes")
    func headerCount() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let lines = (0..<120).map { "X-H\($0): v" }
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [HostileRequest.head("GET", Self.contact, lines: lines)], timeout: .seconds(3))
            #expect(HostileRequest.status(outcome.received) == 431)
            #expect(outcome.closedByServer)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("A target over limits.max_target_length gets 414 and the connection closes")
    func targetTooLong() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let target = Self.contact + "?q=" + String(repeating: "z", count: 9000)
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [HostileRequest.head("GET", target, lines: [])], timeout: .seconds(3))
            #expect(HostileRequest.status(outcome.received) == 414)
            #expect(HostileRequest.isProblem(outcome.received))
            #expect(outcome.closedByServer)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("A hostile X-Request-Id is replaced by a fresh id: never echoed, forwarded or logged")
    func hostileRequestID() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let hostile = #"x","level":"critical","msg":"forged\u000a"#
            let response = try await h.send(.GET, Self.contact, headers: [("X-Request-Id", hostile)])
            #expect(response.status == .ok)
            let id = try #require(response.header("X-Request-Id"))
            #expect(id != hostile && id.utf8.count == 32)
            #expect(h.standIn.received.last?.header("X-Request-Id") == id)
            #expect(!h.logs.all.contains { $0.contains("forged") })
        }
    }
}
