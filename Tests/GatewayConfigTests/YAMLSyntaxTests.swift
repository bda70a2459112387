import GatewayConfig
import Testing

@Suite("Files that are not valid YAML")
struct YAMLSyntaxTests {
    @Test("a syntax error is one (file) problem with line and column")
    func syntaxError() throws {
        let yaml = "upstream:\n  url: https://h\n  bad: [unclosed\nclients: []\n"
        let problems = Fixture.problems(yaml)
        let problem = try #require(problems.first)
        #expect(problems.count == 1)
        #expect(problem.hasPrefix("(file): not valid YAML at line "))
        #expect(problem.contains("column"))
    }

    @Test("the problem reports the right line")
    func rightLine() {
        let yaml = "a: 1\nb: 2\nc: : : x\n"
        #expect(Fixture.problems(yaml).first?.hasPrefix("(file): not valid YAML at line 3, column") == true)
    }

    @Test("the problem does not quote the offending line, which may hold a secret")
    func noSnippet() {
        let yaml = "upstream:\n  app_token: \"super-secret-token\n  url: x\n"
        let text = Fixture.problems(yaml).joined()
        #expect(text.hasPrefix("(file): not valid YAML"))
        #expect(!text.contains("super-secret-token"))
    }

    @Test("a duplicated key is a (file) problem naming the key")
    func duplicateKey() {
        let yaml = Fixture.minimal("logging: { level: info }\nlogging: { level: debug }")
        let problems = Fixture.problems(yaml)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("(file): not valid YAML at line ") == true)
        #expect(problems.first?.hasSuffix("duplicate key logging") == true)
    }

    @Test("an empty file reports the required keys")
    func emptyFile() {
        #expect(Fixture.problems("") == ["upstream: missing required key", "clients: missing required key"])
        #expect(Fixture.problems("# only a comment\n") == ["upstream: missing required key", "clients: missing required key"])
    }

    @Test("two documents in one file are rejected")
    func twoDocuments() {
        let problems = Fixture.problems(Fixture.minimal() + "\n---\nlisten: { port: 1 }\n")
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("(file): not valid YAML") == true)
    }

    @Test("an unreadable file is a (file) problem")
    func unreadableFile() {
        do {
            _ = try ConfigLoader.load(path: "/nonexistent/gateway.yml", environment: [:])
            Issue.record("loading a missing file succeeded")
        } catch {
            #expect(error.problems == [ConfigProblem(path: "(file)", message: "cannot read /nonexistent/gateway.yml")])
        }
    }
}
