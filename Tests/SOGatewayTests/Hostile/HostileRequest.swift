import Foundation

/// Builds the raw requests the hostile suites send and reads the gateway's answers, so each test states
/// only the attack and the expected outcome.
enum HostileRequest {
    static let taskPath = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"

    /// The default test gateway with the task cache on and room for large hostile bodies (1 MiB), so body
    /// attacks reach the parser instead of stopping at the listener's size limit.
    static func yaml(_ standInURL: String, limits: String = "max_body: 1MiB, header_timeout: 1s, body_timeout: 1s, idle_timeout: 5s") -> String {
        TestHarness.defaultYAML(standInURL: standInURL, extra: "cache: { ttl: 60s }")
            .replacingOccurrences(of: "max_body: 64KiB, header_timeout: 1s, body_timeout: 1s, idle_timeout: 5s", with: limits)
    }

    /// A request head with a valid partner key; `lines` are extra header lines sent exactly as given.
    static func head(_ method: String = "POST", _ target: String = taskPath, lines: [String]) -> String {
        "\(method) \(target) HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\n" + lines.map { $0 + "\r\n" }.joined() + "\r\n"
    }

    /// The status code of the first answer in `received`, or nil when nothing (or not HTTP) came back.
    static func status(_ received: String) -> Int? {
        guard received.hasPrefix("HTTP/1.1 "), received.utf8.count >= 12 else { return nil }
        return Int(received.dropFirst(9).prefix(3))
    }

    /// Whether the first answer is an RFC 9457 problem.
    static func isProblem(_ received: String) -> Bool {
        received.lowercased().contains("content-type: application/problem+json")
    }
}
