import GatewayConfig
import Testing

@Suite("Reporting many problems at once")
struct MultipleProblemsTests {
    @Test("problems from different sections are all reported, in file order")
    func allProblemsTogether() {
        let yaml = """
            listen:
              port: -1
            upstream:
              url: https://online3.superoffice.com/Cust1
              timeout: soon
              app_token: ${MISSING_TOKEN}
              credentials:
                basic: { user: alice }
            clients:
              - name: a
                api_keys_sha256: [xyz]
              - api_keys_sha256: [\(Fixture.hashB)]
            limits:
              max_bdy: 1MiB
            logging:
              level: loud
            """
        #expect(Fixture.problems(yaml) == [
            "listen.port: expected an integer in 0...65535",
            "upstream.app_token: environment variable MISSING_TOKEN is not set",
            "upstream.timeout: expected a duration like 250ms, 30s, 5m",
            "upstream.credentials.basic.password: missing required key",
            "clients[0].api_keys_sha256[0]: expected 64 hex characters",
            "clients[1].name: missing required key",
            "limits.max_bdy: unknown key",
            "logging.level: expected one of trace, debug, info, notice, warning, error, critical",
        ])
    }

    @Test("the error's description lists one problem per line")
    func descriptionOnePerLine() {
        let error = ConfigError(problems: [
            ConfigProblem(path: "a.b", message: "first"),
            ConfigProblem(path: "c[0]", message: "second"),
        ])
        #expect(error.description == "a.b: first\nc[0]: second")
    }
}
