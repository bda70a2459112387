import Foundation
import NIOHTTP1
import Testing

/// Key probing learns nothing: every unknown or malformed key gets the same 401 answer (status, headers
/// and body, the request id aside), and keys in the query string are ignored. Basic cases:
/// `ClientAuthenticationTests.unknownKey` and `ClientAuthenticationTests.keyInQuery`.
@Suite("Hostile: authentication probing")
struct HostileAuthTests {
    static let probes: [[(String, String)]] = [
        [("X-API-Key", "not-a-key")],
        [("X-API-Key", String(TestKeys.partnerA.dropLast()))],
        [("X-API-Key", TestKeys.partnerA + "x")],
        [("X-API-Key", TestKeys.partnerA.uppercased())],
        [("X-API-Key", String(repeating: "k", count: 8000))],
        [("X-API-Key", "")],
        [("X-API-Key", "\(TestKeys.partnerA) \(TestKeys.partnerA)")],
        [("X-API-Key", "not-a-key"), ("X-API-Key", TestKeys.partnerA)],
        [("Authorization", "Bearer")],
        [("Authorization", "Bearer  ")],
        [("Authorization", "Bearer not-a-key")],
        [("Authorization", "bearer\t" + String(TestKeys.partnerA.dropFirst()))],
        [("Authorization", "Basic " + Data("partner-a:\(TestKeys.partnerA)".utf8).base64EncodedString())],
        [("Authorization", "SOTicket 7T:alice-ticket")],
        [("Cookie", "X-API-Key=\(TestKeys.partnerA)")],
    ]

    @Test("Unknown, truncated, padded, oversized and misplaced keys all get one identical 401 answer; nothing goes upstream")
    func identicalRefusals() async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            var answers: Set<String> = []
            for probe in Self.probes {
                let response = try await h.send(.GET, "/api/v1/Contact/5", headers: probe, key: nil)
                #expect(response.status == .unauthorized, "\(probe.map(\.0))")
                #expect(!response.text.contains(TestKeys.partnerA))
                let headers = response.headers
                    .filter { !["x-request-id", "date", "content-length"].contains($0.name.lowercased()) }
                    .map { "\($0.name.lowercased()): \($0.value)" }.sorted().joined(separator: "\n")
                let body = response.text.replacingOccurrences(of: #""request_id":"[^"]*""#, with: "", options: .regularExpression)
                answers.insert(headers + "\n\n" + body)
            }
            #expect(answers.count == 1, "\(answers)")
            #expect(h.standIn.received.isEmpty)
            #expect(!h.logs.all.contains { $0.contains(TestKeys.partnerA) })
        }
    }

    @Test("A valid key in the query string, under any common name, is not accepted and never forwarded", arguments: [
        "api_key", "apikey", "X-API-Key", "key", "access_token", "token",
    ])
    func queryKeys(_ name: String) async throws {
        try await withHarness(yaml: { HostileRequest.yaml($0) }) { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5?\(name)=\(TestKeys.partnerA)", key: nil)
            #expect(response.status == .unauthorized)
            #expect(h.standIn.received.isEmpty)
        }
    }
}
