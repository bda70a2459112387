import Foundation

/// gateway.yml texts for the policy tests: three partners on the stand-in, each with its own extra keys.
enum PolicyYAML {
    /// - Parameters:
    ///   - a, b, c: extra keys for partner-a, partner-b and partner-c (one per line, no indentation).
    ///   - listen: extra keys inside `listen` (after host and port).
    ///   - top: extra top-level text.
    static func make(
        _ standInURL: String, a: String = "", b: String = "", c: String = "", listen: String = "", host: String = "127.0.0.1",
        top: String = ""
    ) -> String {
        """
        listen: { host: "\(host)", port: 0\(listen.isEmpty ? "" : ", " + listen) }
        upstream:
          url: \(standInURL)/Cust12345
          app_token: demo-app-token
          timeout: 2s
          credentials:
            ticket: "7T:alice-ticket"
        clients:
          - name: partner-a
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerA))" ]
        \(indent(a))
          - name: partner-b
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerB))" ]
        \(indent(b))
          - name: partner-c
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerC))" ]
        \(indent(c))
        limits: { max_body: 64KiB, header_timeout: 1s, body_timeout: 1s, idle_timeout: 5s }
        \(top)
        """
    }

    private static func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    /// An RFC 3339 UTC timestamp `seconds` from now (negative for the past), whole seconds.
    static func timestamp(secondsFromNow seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date().addingTimeInterval(seconds))
    }
}
