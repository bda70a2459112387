import GatewayConfig
import Testing

@Suite("${VAR} expansion")
struct VariableExpansionTests {
    @Test("a variable in a scalar is replaced by its value")
    func expandsVariable() throws {
        let yaml = Fixture.withUpstream("""
            url: https://${SO_HOST}/Cust1
            app_token: ${SO_APP_TOKEN}
            credentials: { basic: { user: "${USER_NAME}", password: "pre-${PASSWORD}-post" } }
            """)
        let configuration = try Fixture.parse(yaml, environment: [
            "SO_HOST": "sod2.superoffice.com", "SO_APP_TOKEN": "tok", "USER_NAME": "alice", "PASSWORD": "pw",
        ])
        #expect(configuration.upstream.target == .url(UpstreamURL(scheme: "https", host: "sod2.superoffice.com", basePath: "/Cust1")))
        #expect(configuration.upstream.appToken == "tok")
        #expect(configuration.upstream.credentials == .basic(user: "alice", password: "pre-pw-post"))
    }

    @Test("numbers and units can come from variables")
    func typedValuesFromVariables() throws {
        let yaml = Fixture.minimal("listen: { port: \"${PORT}\" }\nlimits: { max_body: $MAX_BODY_IS_NOT_EXPANDED }")
        #expect(Fixture.problems(yaml, environment: ["PORT": "9000"]) == [
            "limits.max_body: expected a size like 512KiB, 64MiB, 1GiB, 100B or a number of bytes",
        ])
        let fixed = Fixture.minimal("listen: { port: \"${PORT}\" }\nlimits: { max_body: \"${MAX_BODY}\" }")
        let configuration = try Fixture.parse(fixed, environment: ["PORT": "9000", "MAX_BODY": "2MiB"])
        #expect(configuration.listen.port == 9000)
        #expect(configuration.limits.maxBody == 2 << 20)
    }

    @Test("a missing variable names the variable and the key path")
    func missingVariable() {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\napp_token: ${SO_APP_TOKEN}\ncredentials: { ticket: t }")
        #expect(Fixture.problems(yaml) == ["upstream.app_token: environment variable SO_APP_TOKEN is not set"])
    }

    @Test("every missing variable in one value is reported")
    func severalMissingVariables() {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\ncredentials: { ticket: \"${A}:${B}\" }")
        #expect(Fixture.problems(yaml) == [
            "upstream.credentials.ticket: environment variable A is not set",
            "upstream.credentials.ticket: environment variable B is not set",
        ])
    }

    @Test("$$ is a literal dollar and is not expanded further")
    func doubleDollar() throws {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\ncredentials: { basic: { user: u, password: \"pa$$$${word}\" } }")
        let configuration = try Fixture.parse(yaml, environment: ["word": "nope"])
        #expect(configuration.upstream.credentials == .basic(user: "u", password: "pa$${word}"))
    }

    @Test("a lone $ stays as it is")
    func loneDollar() throws {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\ncredentials: { basic: { user: u, password: \"co$t 5$\" } }")
        #expect(try Fixture.parse(yaml).upstream.credentials == .basic(user: "u", password: "co$t 5$"))
    }

    @Test("an empty variable expands to an empty string, which required keys reject")
    func emptyVariable() {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\ncredentials: { ticket: \"${T}\" }")
        #expect(Fixture.problems(yaml, environment: ["T": ""]) == ["upstream.credentials.ticket: must not be empty"])
    }

    @Test("an unterminated ${ is reported")
    func unterminated() {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\ncredentials: { ticket: \"${T\" }")
        #expect(Fixture.problems(yaml) == ["upstream.credentials.ticket: unterminated ${ (write $$ for a literal $)"])
    }

    @Test("an invalid variable name is reported")
    func invalidName() {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\ncredentials: { ticket: \"${1X}\" }")
        #expect(Fixture.problems(yaml) == ["upstream.credentials.ticket: invalid environment variable name in ${1X}"])
    }

    @Test("keys are not expanded")
    func keysAreNotExpanded() {
        let yaml = Fixture.minimal("limits: { \"${KEY}\": 1 }")
        #expect(Fixture.problems(yaml, environment: ["KEY": "max_body"]) == ["limits.${KEY}: unknown key"])
    }

    @Test("a value that looks like a YAML boolean stays text (NO is Norway)")
    func norwayIsNotFalse() throws {
        let yaml = Fixture.withUpstream("url: https://h/Cust1\ntime_zone: NO\ncredentials: { ticket: t }")
        #expect(try Fixture.parse(yaml).upstream.timeZone == "NO")
    }
}
