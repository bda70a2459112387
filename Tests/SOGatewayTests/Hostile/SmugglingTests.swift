import Testing

/// Request smuggling: every ambiguous or unsupported framing is refused with 400 and the connection is
/// closed, so no byte of it can be read as the start of a second request, and nothing goes upstream.
/// (Content-Length before Transfer-Encoding on a pass-through call: `ListenerLimitsTests.smuggling`.)
@Suite("Hostile: request smuggling")
struct SmugglingTests {
    static let body = "0\r\n\r\n"

    static let cases: [HostileCase] = [
        HostileCase(name: "Transfer-Encoding before Content-Length", raw: HostileRequest.head(lines: ["Transfer-Encoding: chunked", "Content-Length: 5"]) + body),
        HostileCase(name: "Content-Length: 0 with chunked", raw: HostileRequest.head(lines: ["Content-Length: 0", "Transfer-Encoding: chunked"]) + body),
        HostileCase(name: "two different Content-Lengths", raw: HostileRequest.head(lines: ["Content-Length: 5", "Content-Length: 6"]) + body + "x"),
        HostileCase(name: "the same Content-Length twice", raw: HostileRequest.head(lines: ["Content-Length: 5", "Content-Length: 5"]) + body),
        HostileCase(name: "a Content-Length list", raw: HostileRequest.head(lines: ["Content-Length: 5, 6"]) + body + "x"),
        HostileCase(name: "a negative Content-Length", raw: HostileRequest.head(lines: ["Content-Length: -5"]) + body),
        HostileCase(name: "a Content-Length with a sign", raw: HostileRequest.head(lines: ["Content-Length: +5"]) + body),
        HostileCase(name: "obs-fold continuation with a space", raw: HostileRequest.head(lines: ["X-Folded: a", " b", "Content-Length: 5"]) + body),
        HostileCase(name: "obs-fold continuation with a tab", raw: HostileRequest.head(lines: ["X-Folded: a", "\tTransfer-Encoding: chunked", "Content-Length: 5"]) + body),
        HostileCase(name: "a non-hex chunk size", raw: HostileRequest.head(lines: ["Transfer-Encoding: chunked"]) + "zz\r\nabc\r\n0\r\n\r\n"),
        HostileCase(name: "a negative chunk size", raw: HostileRequest.head(lines: ["Transfer-Encoding: chunked"]) + "-1\r\nabc\r\n0\r\n\r\n"),
        HostileCase(name: "an overflowing chunk size", raw: HostileRequest.head(lines: ["Transfer-Encoding: chunked"]) + "1000000000000000000000000000001\r\nabc\r\n0\r\n\r\n"),
        HostileCase(name: "a chunk size that wraps 64 bits to 3", raw: HostileRequest.head(lines: ["Transfer-Encoding: chunked"]) + "10000000000000003\r\nabc\r\n0\r\n\r\n"),
        HostileCase(name: "Transfer-Encoding: gzip", raw: HostileRequest.head(lines: ["Transfer-Encoding: gzip"]) + body),
        HostileCase(name: "Transfer-Encoding: chunked, gzip", raw: HostileRequest.head(lines: ["Transfer-Encoding: chunked, gzip"]) + body),
        HostileCase(name: "Transfer-Encoding: gzip, chunked", raw: HostileRequest.head(lines: ["Transfer-Encoding: gzip, chunked"]) + body),
        HostileCase(name: "Transfer-Encoding: identity", raw: HostileRequest.head(lines: ["Transfer-Encoding: identity", "Content-Length: 5"]) + body),
        HostileCase(name: "Transfer-Encoding: identity alone", raw: HostileRequest.head(lines: ["Transfer-Encoding: identity"]) + body),
        HostileCase(name: "chunked sent twice", raw: HostileRequest.head(lines: ["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"]) + body),
        HostileCase(name: "a space before the colon", raw: HostileRequest.head(lines: ["Transfer-Encoding : chunked", "Content-Length: 5"]) + body),
        HostileCase(name: "a misspelt chunked", raw: HostileRequest.head(lines: ["Transfer-Encoding: chunk"]) + body),
    ]

    @Test("Ambiguous or unsupported framing gets 400 problem+json, the connection closes, nothing goes upstream", arguments: cases)
    func refused(_ attack: HostileCase) async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            // The attack carries a second, smuggled request after its body; it must never be answered.
            let smuggled = HostileRequest.head("GET", "/api/v1/Contact/5", lines: [])
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [attack.raw + smuggled], timeout: .seconds(3))
            #expect(HostileRequest.status(outcome.received) == 400, "\(attack.name): \(outcome.received.prefix(80))")
            #expect(HostileRequest.isProblem(outcome.received))
            #expect(outcome.received.components(separatedBy: "HTTP/1.1 ").count == 2, "exactly one answer")
            #expect(outcome.closedByServer)
            #expect(h.standIn.received.isEmpty)
        }
    }
}
