import GatewayCompression
import NIOCore
import Testing

/// Hostile bodies on the cached task route: each is refused before anything goes upstream, with 400 from
/// the strict parser, 413 from the listener's size limit or 415 for an encoded body, and the gateway keeps
/// serving. Narrower type cases: `TaskCacheIntegrationTests.invalidBodies` and `tooManyIds`.
@Suite("Hostile: task request bodies")
struct HostileBodyTests {
    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\
        <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
        <r><AssociateIds><int>&e;</int></AssociateIds></r>
        """

    static let cases: [HostileCase] = [
        HostileCase(name: "JSON cut short", raw: #"{"AssociateIds":[1,2"#),
        HostileCase(name: "JSON with trailing garbage", raw: #"{"AssociateIds":[1]}{"AssociateIds":[2]}"#),
        HostileCase(name: "JSON top-level array", raw: "[1,2,3]"),
        HostileCase(name: "AssociateIds as an object", raw: #"{"AssociateIds":{"0":1}}"#),
        HostileCase(name: "AssociateIds with a boolean", raw: #"{"AssociateIds":[true]}"#),
        HostileCase(name: "AssociateIds nested arrays", raw: #"{"AssociateIds":[[1]]}"#),
        HostileCase(name: "AssociateIds twice", raw: #"{"AssociateIds":[1],"associateids":[2]}"#),
        HostileCase(name: "an id below int32", raw: #"{"AssociateIds":[-2147483649]}"#),
        HostileCase(name: "an id beyond int64", raw: #"{"AssociateIds":[99999999999999999999999999]}"#),
        HostileCase(name: "an id in exponent form", raw: #"{"AssociateIds":[1e9]}"#),
        HostileCase(name: "an id with a leading zero", raw: #"{"AssociateIds":[012]}"#),
        HostileCase(name: "100k nested arrays", raw: #"{"AssociateIds":"# + String(repeating: "[", count: 100_000)),
        HostileCase(name: "100k nested objects", raw: String(repeating: #"{"a":"#, count: 100_000)),
        HostileCase(name: "100k ids (over cache.max_ids)", raw: #"{"AssociateIds":["# + (1...100_000).map(String.init).joined(separator: ",") + "]}"),
        HostileCase(name: "an unterminated string with a bad escape", raw: #"{"AssociateIds":[1],"Name":"\x"#),
    ]

    static let xmlCases: [HostileCase] = [
        HostileCase(name: "XML with mismatched tags", raw: "<r><AssociateIds><int>1</int></r>"),
        HostileCase(name: "XML with a non-integer id", raw: "<r><AssociateIds><int>1.5</int></AssociateIds></r>"),
        HostileCase(name: "XML with an id beyond int32", raw: "<r><AssociateIds><int>2147483648</int></AssociateIds></r>"),
        HostileCase(name: "XML entity expansion (billion laughs)", raw: billionLaughs),
        HostileCase(
            name: "XML external entity (XXE)",
            raw: #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r><AssociateIds><int>&x;</int></AssociateIds></r>"#
        ),
        HostileCase(name: "XML external DTD", raw: #"<!DOCTYPE r SYSTEM "http://127.0.0.1:1/evil.dtd"><r><AssociateIds><int>1</int></AssociateIds></r>"#),
        HostileCase(name: "XML with an undefined entity", raw: "<r><AssociateIds><int>&x;</int></AssociateIds></r>"),
        HostileCase(name: "100k nested XML elements", raw: "<r>" + String(repeating: "<a>", count: 100_000)),
    ]

    @Test("Malformed, mistyped, oversized and deeply nested JSON bodies get 400 and nothing goes upstream", arguments: cases)
    func json(_ attack: HostileCase) async throws {
        try await refused(attack, contentType: "application/json")
    }

    @Test("Malformed XML, entity expansion, external entities and DTDs get 400 and nothing goes upstream", arguments: xmlCases)
    func xml(_ attack: HostileCase) async throws {
        try await refused(attack, contentType: "application/xml")
    }

    private func refused(_ attack: HostileCase, contentType: String) async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let response = try await h.send(.POST, HostileRequest.taskPath, headers: [("Content-Type", contentType)], body: attack.raw)
            #expect(response.status == .badRequest, "\(attack.name)")
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(!response.text.contains("/etc/passwd"))
            #expect(h.standIn.received.isEmpty)
            // The gateway is unharmed: a valid body on the same route is answered.
            let valid = try await h.send(.POST, HostileRequest.taskPath, headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[1]}"#)
            #expect(valid.status == .ok)
        }
    }

    @Test("A gzip bomb with Content-Encoding: gzip on the task route gets 415 without being inflated; nothing goes upstream")
    func gzipBombOnTaskRoute() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            // 64 MiB of zeros inside the JSON string: about 64 KiB compressed, well under max_body.
            var plain = ByteBuffer(string: #"{"AssociateIds":[1],"Name":""#)
            plain.writeRepeatingByte(UInt8(ascii: "0"), count: 64 << 20)
            plain.writeString(#""}"#)
            let bomb = try HTTPCompression.gzip(plain, level: 9, allocator: ByteBufferAllocator())
            #expect(bomb.readableBytes < 1 << 20)
            let head = HostileRequest.head(
                lines: ["Content-Type: application/json", "Content-Encoding: gzip", "Content-Length: \(bomb.readableBytes)", "Connection: close"]
            )
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, bytes: Array(head.utf8) + Array(buffer: bomb), timeout: .seconds(5))
            #expect(HostileRequest.status(outcome.received) == 415)
            #expect(HostileRequest.isProblem(outcome.received))
            #expect(outcome.received.lowercased().contains("accept-encoding: identity"))
            #expect(outcome.closedByServer)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("Any Content-Encoding but identity on the task route gets 415; identity is parsed as usual", arguments: [
        ("gzip", 415), ("deflate", 415), ("br", 415), ("identity, gzip", 415), ("identity", 200), ("", 200),
    ])
    func contentEncodings(_ coding: String, _ expected: Int) async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let response = try await h.send(
                .POST, HostileRequest.taskPath, headers: [("Content-Type", "application/json"), ("Content-Encoding", coding)],
                body: #"{"AssociateIds":[1]}"#
            )
            #expect(Int(response.status.code) == expected)
            #expect(h.standIn.received.count == (expected == 200 ? 1 : 0))
        }
    }

    @Test("A compressed body larger than limits.max_body gets 413 before anything is read or inflated")
    func compressedTooLarge() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0, limits: "max_body: 16KiB") }) { h in
            let head = HostileRequest.head(lines: ["Content-Type: application/json", "Content-Encoding: gzip", "Content-Length: \(1 << 20)"])
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, chunks: [head], timeout: .seconds(3))
            #expect(HostileRequest.status(outcome.received) == 413)
            #expect(outcome.closedByServer)
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("On pass-through a gzip body is forwarded as received, never inflated by the gateway")
    func gzipPassThrough() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let bomb = try HTTPCompression.gzip(ByteBuffer(repeating: 0, count: 16 << 20), level: 9, allocator: ByteBufferAllocator())
            let head = HostileRequest.head(
                "PUT", "/api/v1/Contact/5",
                lines: ["Content-Type: application/json", "Content-Encoding: gzip", "Content-Length: \(bomb.readableBytes)", "Connection: close"]
            )
            let outcome = try await RawClient.exchange(port: h.gatewayEndpoint.port, bytes: Array(head.utf8) + Array(buffer: bomb), timeout: .seconds(5))
            #expect(HostileRequest.status(outcome.received) != nil)
            let seen = try #require(h.standIn.received.last)
            #expect(seen.header("Content-Encoding") == "gzip")
            #expect(seen.body == Array(buffer: bomb))
        }
    }
}
