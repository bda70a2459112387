import GatewayConfig
import NIOCore
import Testing

/// `upstream.renewal`: the statuses that trigger a credential renewal and the renewal timing.
@Suite("Renewal config")
struct RenewalConfigTests {
    static func upstream(_ renewal: String) -> String {
        Fixture.withUpstream("url: https://h/Cust1\ncredentials: { ticket: t }\nrenewal: \(renewal)")
    }

    @Test("without upstream.renewal: renew on 401 only, 5m margin, 2s backoff, 6h tickets, 10s login timeout")
    func defaults() throws {
        let renewal = try Fixture.parse(Fixture.minimal()).upstream.renewal
        #expect(renewal.onStatus == [401])
        #expect(renewal.margin == .minutes(5))
        #expect(renewal.failureBackoff == .seconds(2))
        #expect(renewal.ticketLifetime == .hours(6))
        #expect(renewal.requestTimeout == .seconds(10))
        #expect(renewal == RenewalConfig())
    }

    @Test("an empty renewal mapping keeps every default")
    func emptyMapping() throws {
        #expect(try Fixture.parse(Self.upstream("{}")).upstream.renewal == RenewalConfig())
    }

    @Test("every key is read")
    func allKeys() throws {
        let yaml = Self.upstream(
            "{ on_status: [401, 403], margin: 90s, failure_backoff: 500ms, ticket_lifetime: 20m, request_timeout: 3s }"
        )
        let renewal = try Fixture.parse(yaml).upstream.renewal
        #expect(renewal == RenewalConfig(
            onStatus: [401, 403], margin: .seconds(90), failureBackoff: .milliseconds(500), ticketLifetime: .minutes(20),
            requestTimeout: .seconds(3)
        ))
    }

    @Test("durations expand ${VAR} like every other value")
    func variableExpansion() throws {
        let yaml = Self.upstream("{ ticket_lifetime: \"${LIFETIME}\" }")
        #expect(try Fixture.parse(yaml, environment: ["LIFETIME": "1h"]).upstream.renewal.ticketLifetime == .hours(1))
    }

    /// An invalid `upstream.renewal` value and its problems.
    static func renewalCase(_ label: String, renewal: String, expected: [String]) -> Fixture.ProblemCase {
        Fixture.ProblemCase(label: label, yaml: upstream(renewal), expected: expected)
    }

    static let invalid: [Fixture.ProblemCase] = [
        renewalCase("403 without 401", renewal: "{ on_status: [403] }", expected: ["upstream.renewal.on_status: must contain 401"]),
        renewalCase("empty on_status", renewal: "{ on_status: [] }", expected: ["upstream.renewal.on_status: must contain 401"]),
        renewalCase("a status other than 401 and 403", renewal: "{ on_status: [401, 419] }",
             expected: ["upstream.renewal.on_status[1]: expected one of 401, 403"]),
        renewalCase("a status that is not a number", renewal: "{ on_status: [401, forbidden] }",
             expected: ["upstream.renewal.on_status[1]: expected one of 401, 403"]),
        renewalCase("a status listed twice", renewal: "{ on_status: [401, 403, 401] }",
             expected: ["upstream.renewal.on_status[2]: listed twice"]),
        renewalCase("on_status not a list", renewal: "{ on_status: 401 }", expected: ["upstream.renewal.on_status: expected a list"]),
        renewalCase("zero margin", renewal: "{ margin: 0s }", expected: ["upstream.renewal.margin: must be greater than 0s"]),
        renewalCase("zero failure_backoff", renewal: "{ failure_backoff: 0ms }",
             expected: ["upstream.renewal.failure_backoff: must be greater than 0s"]),
        renewalCase("zero ticket_lifetime", renewal: "{ ticket_lifetime: 0h }",
             expected: ["upstream.renewal.ticket_lifetime: must be greater than 0s"]),
        renewalCase("zero request_timeout", renewal: "{ request_timeout: 0s }",
             expected: ["upstream.renewal.request_timeout: must be greater than 0s"]),
        renewalCase("negative duration", renewal: "{ failure_backoff: -2s }",
             expected: ["upstream.renewal.failure_backoff: expected a duration like 250ms, 30s, 5m"]),
        renewalCase("duration without unit", renewal: "{ request_timeout: 10 }",
             expected: ["upstream.renewal.request_timeout: expected a duration like 250ms, 30s, 5m"]),
        renewalCase("margin as long as the ticket lifetime", renewal: "{ margin: 1h, ticket_lifetime: 60m }",
             expected: ["upstream.renewal.margin: must be shorter than ticket_lifetime (1h)"]),
        renewalCase("default margin against a short ticket lifetime", renewal: "{ ticket_lifetime: 2m }",
             expected: ["upstream.renewal.margin: must be shorter than ticket_lifetime (2m)"]),
        renewalCase("unknown key", renewal: "{ on_statuses: [401] }", expected: ["upstream.renewal.on_statuses: unknown key"]),
        renewalCase("not a mapping", renewal: "[401, 403]", expected: ["upstream.renewal: expected a mapping"]),
    ]

    @Test("each invalid value is reported once at its key path", arguments: invalid)
    func problem(_ testCase: Fixture.ProblemCase) {
        #expect(Fixture.problems(testCase.yaml) == testCase.expected)
    }

    @Test("a bad duration is not also reported as a margin/ticket_lifetime conflict")
    func noDoubleReport() {
        #expect(Fixture.problems(Self.upstream("{ margin: soon, ticket_lifetime: 2m }"))
            == ["upstream.renewal.margin: expected a duration like 250ms, 30s, 5m"])
    }

    @Test("problems inside renewal are listed with the rest of the file's problems")
    func alongsideOthers() {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\ntimeout: 0s\ncredentials: { ticket: t }\nrenewal: { on_status: [403], margn: 1m }")
        #expect(Fixture.problems(yaml) == [
            "upstream.timeout: must be greater than 0s",
            "upstream.renewal.on_status: must contain 401",
            "upstream.renewal.margn: unknown key",
        ])
    }
}
