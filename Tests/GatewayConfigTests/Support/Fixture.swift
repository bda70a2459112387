import GatewayConfig
import Testing

/// Small configurations and helpers shared by the tests.
enum Fixture {
    /// One invalid configuration and the exact problems check-config must list for it, named for the test report.
    struct ProblemCase: CustomTestStringConvertible, Sendable {
        let label: String
        let yaml: String
        let expected: [String]
        var testDescription: String { label }
    }

    static let hashA = String(repeating: "a", count: 64)
    static let hashB = String(repeating: "b", count: 64)
    static let hashC = String(repeating: "c", count: 64)

    /// The smallest valid file, plus extra top-level text appended.
    static func minimal(_ extra: String = "") -> String {
        """
        upstream:
          url: https://online3.superoffice.com/Cust12345
          credentials:
            ticket: "7T:secret-ticket"
        clients:
          - name: app
            api_keys_sha256: [\(hashA)]
        \(extra)
        """
    }

    /// A valid file with the given `upstream` body (indented two spaces).
    static func withUpstream(_ upstreamBody: String) -> String {
        """
        upstream:
        \(upstreamBody.indented(by: 2))
        clients:
          - name: app
            api_keys_sha256: [\(hashA)]
        """
    }

    /// A valid upstream plus the given `clients` list body (indented two spaces), without upstream credentials.
    static func withClients(_ clientsBody: String, upstreamCredentials: Bool = true) -> String {
        """
        upstream:
          url: https://online3.superoffice.com/Cust12345
        \(upstreamCredentials ? "  credentials: { ticket: \"7T:secret-ticket\" }" : "")
        clients:
        \(clientsBody.indented(by: 2))
        """
    }

    /// The problems `parse` reports, each as `path: message`; empty when the text is valid.
    static func problems(
        _ yaml: String,
        environment: [String: String] = [:],
        baseDirectory: String = "/nonexistent"
    ) -> [String] {
        do {
            _ = try ConfigLoader.parse(yaml: yaml, environment: environment, baseDirectory: baseDirectory)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    /// Parses text that must be valid.
    static func parse(
        _ yaml: String,
        environment: [String: String] = [:],
        baseDirectory: String = "/nonexistent"
    ) throws -> GatewayConfiguration {
        try ConfigLoader.parse(yaml: yaml, environment: environment, baseDirectory: baseDirectory)
    }
}

extension String {
    func indented(by spaces: Int) -> String {
        let padding = String(repeating: " ", count: spaces)
        return split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : padding + $0 }.joined(separator: "\n")
    }
}
