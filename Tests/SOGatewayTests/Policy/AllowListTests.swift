import GatewayConfig
import Testing
@testable import SOGateway

/// The pattern matcher on its own: segments, wildcards, case, trailing slashes, encoded separators, methods.
@Suite("Policy allow list matching")
struct AllowListTests {
    func list(_ rules: String...) throws -> AllowList {
        AllowList(rules: try rules.map { try #require(AllowRule($0)) })
    }

    @Test("* matches exactly one non-empty segment")
    func oneSegment() throws {
        let allow = try list("GET /api/v1/Contact/*")
        #expect(allow.decide(method: "GET", path: "/api/v1/Contact/5") == .allowed)
        #expect(allow.decide(method: "GET", path: "/api/v1/Contact") == .notListed)
        #expect(allow.decide(method: "GET", path: "/api/v1/Contact/5/Person") == .notListed)
        #expect(allow.decide(method: "GET", path: "/api/v1/Contact//") == .notListed)
    }

    @Test("Segments are split on the byte /, so a combining mark after a slash cannot glue two segments together")
    func combiningMarkAfterSlash() throws {
        let allow = try list("GET /api/v1/Contact/*")
        // As Characters, "/\u{301}" is one grapheme and would not split; upstream sees two segments.
        #expect(allow.decide(method: "GET", path: "/api/v1/Contact/5/\u{301}x") == .notListed)
        #expect(allow.decide(method: "GET", path: "/api/v1/Contact/\u{301}x") == .allowed)
    }

    @Test("A trailing slash is an empty last segment: * does not cover it, ** does, a literal pattern needs it written")
    func trailingSlash() throws {
        #expect(try list("GET /api/v1/Contact/*").decide(method: "GET", path: "/api/v1/Contact/5/") == .notListed)
        #expect(try list("GET /api/v1/Contact/*").decide(method: "GET", path: "/api/v1/Contact/") == .notListed)
        #expect(try list("GET /api/v1/Contact/**").decide(method: "GET", path: "/api/v1/Contact/5/") == .allowed)
        #expect(try list("GET /api/v1/List").decide(method: "GET", path: "/api/v1/List/") == .notListed)
        #expect(try list("GET /api/v1/List/").decide(method: "GET", path: "/api/v1/List/") == .allowed)
        #expect(try list("GET /api/v1/List/").decide(method: "GET", path: "/api/v1/List") == .notListed)
    }

    @Test("** at the end matches nothing, one and many segments, but not a sibling prefix")
    func rest() throws {
        let allow = try list("* /api/v1/Agents/Batch/**")
        #expect(allow.decide(method: "POST", path: "/api/v1/Agents/Batch") == .allowed)
        #expect(allow.decide(method: "POST", path: "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates") == .allowed)
        #expect(allow.decide(method: "DELETE", path: "/api/v1/Agents/Batch/a/b/c/d") == .allowed)
        #expect(allow.decide(method: "POST", path: "/api/v1/Agents/BatchX/a") == .notListed)
        #expect(allow.decide(method: "POST", path: "/api/v1/Agents") == .notListed)
    }

    @Test("Paths and literals match case-insensitively")
    func caseInsensitive() throws {
        let allow = try list("POST /api/v1/Agents/Batch/GetBatchTaskInfosByAssociates")
        #expect(allow.decide(method: "POST", path: "/API/V1/agents/batch/getbatchtaskinfosbyassociates") == .allowed)
        #expect(allow.decide(method: "POST", path: "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociatesX") == .notListed)
    }

    @Test("The method must match unless the rule says *; GET does not imply HEAD")
    func methods() throws {
        let allow = try list("GET /api/v1/Contact/*", "* /api/v1/List/**")
        #expect(allow.decide(method: "GET", path: "/api/v1/Contact/1") == .allowed)
        #expect(allow.decide(method: "DELETE", path: "/api/v1/Contact/1") == .notListed)
        #expect(allow.decide(method: "HEAD", path: "/api/v1/Contact/1") == .notListed)
        #expect(allow.decide(method: "PATCH", path: "/api/v1/List/Entity") == .allowed)
        #expect(AllowRule("get /api/v1/Contact/*")?.method == "GET")
    }

    @Test("Encoded slashes and backslashes never match a pattern, whatever the wildcard")
    func encodedSeparators() throws {
        let allow = try list("* /api/**", "GET /api/v1/Contact/*")
        for path in [
            "/api/v1/Contact/5%2F..%2F..%2FAgents", "/api/v1/Contact/5%2f1", "/api/v1/Contact/5%5C..", "/api/v1/Contact/5%5c1",
            "/api/v1/Contact/5\\..\\x",
        ] {
            #expect(allow.decide(method: "GET", path: Substring(path)) == .encodedSeparator, "\(path)")
        }
        #expect(allow.decide(method: "GET", path: "/api/v1/Contact/5%20x") == .allowed)
        #expect(allow.decide(method: "GET", path: "/api/v1/Contact/%2") == .allowed)
    }

    @Test("An empty allow list allows nothing")
    func emptyList() {
        #expect(AllowList(rules: []).decide(method: "GET", path: "/api/v1/Contact/5") == .notListed)
    }
}
