import Foundation
import GatewayConfig
import Testing

/// Keeps docs/configuration.md honest: its examples are the ones the loader accepts.
@Suite("docs/configuration.md examples")
struct DocumentationExampleTests {
    /// The ```yaml blocks of the document, in order, each with the heading it sits under.
    static func yamlBlocks() throws -> [(heading: String, yaml: String)] {
        let testFile = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let document = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/configuration.md")
        let text = try String(contentsOf: document, encoding: .utf8)
        var blocks: [(String, String)] = []
        var heading = ""
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") { heading = String(line) }
            if line == "```yaml" {
                current = []
            } else if line == "```", let lines = current {
                blocks.append((heading, lines.joined(separator: "\n") + "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test("the full example in the document is the one the tests load")
    func fullExampleMatches() throws {
        let block = try #require(try Self.yamlBlocks().first { $0.heading == "## Full example" })
        #expect(block.yaml == FullExample.yaml + "\n")
    }

    @Test("the smallest valid file in the document loads")
    func smallestFileLoads() throws {
        let blocks = try Self.yamlBlocks().filter { $0.heading == "## Full example" }
        let smallest = try #require(blocks.last)
        let configuration = try ConfigLoader.parse(yaml: smallest.yaml, environment: ["SO_TICKET": "7T:x"], baseDirectory: "/")
        #expect(configuration.clients.map(\.name) == ["app"])
    }

    @Test("section examples are valid fragments of a file")
    func sectionExamplesAreValid() throws {
        let minimal = Fixture.minimal()
        let environment = ["SO_APP_TOKEN": "a", "SO_TICKET": "t", "SO_SESSION_ID": "s", "SO_ASPXAUTH": "x", "SO_PASSWORD": "p"]
        for (heading, yaml) in try Self.yamlBlocks() {
            switch heading {
            case "## `upstream`", "## `clients`":
                let other = heading == "## `upstream`"
                    ? "clients:\n  - { name: app, api_keys_sha256: [\(Fixture.hashA)] }\n"
                    : "upstream: { url: https://h/Cust1, credentials: { ticket: t } }\n"
                #expect(Fixture.problems(yaml + other, environment: environment) == [], "\(heading)")
            case "## `admin`", "## `tracing`":
                #expect(Fixture.problems(minimal + "\n" + yaml, environment: environment) == [], "\(heading)")
            case "## Credentials":
                let upstream = "upstream:\n  url: https://h/Cust1\n" + yaml.indented(by: 2)
                let clients = "clients:\n  - { name: app, api_keys_sha256: [\(Fixture.hashA)] }\n"
                #expect(Fixture.problems(upstream + "\n" + clients, environment: environment) == [], "\(heading)")
            default:
                continue
            }
        }
    }
}
