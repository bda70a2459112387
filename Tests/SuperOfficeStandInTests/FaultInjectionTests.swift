import Foundation
import NIOCore
import Testing
import SuperOfficeStandIn

@Suite("Fault injection")
struct FaultInjectionTests {
    @Test("delay answers normally, after at least the delay")
    func delay() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            standIn.injectFault(.delay(.milliseconds(300)))
            let start = ContinuousClock.now
            let answer = try await StandInFixture.tasks(standIn, ids: [1])
            #expect(ContinuousClock.now - start >= .milliseconds(290))
            #expect(answer.status == 200)
            #expect(try answer.jsonArray().count == 2)
        }
    }

    @Test("status answers exactly the given status, headers and body, then normal answers resume")
    func status() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            standIn.injectFault(.status(503, headers: [("Retry-After", "7")], body: "{\"busy\":true}"), pathContaining: "Batch")
            let unavailable = try await StandInFixture.tasks(standIn, ids: [1])
            #expect(unavailable.status == 503)
            #expect(unavailable.header("Retry-After") == "7")
            #expect(unavailable.text == "{\"busy\":true}")
            #expect(try await StandInFixture.tasks(standIn, ids: [1]).status == 200)
        }
    }

    @Test("faults apply only to matching paths, for the given number of times, and clearFaults disarms them")
    func targeting() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            standIn.injectFault(.nullBody, pathContaining: "getbatchtaskinfosbyassociates", times: 2)
            let contact = try await RawHTTPClient.send(port: standIn.port, path: "/Cust12345/api/v1/Contact/1", headers: [StandInFixture.basicAlice])
            #expect(contact.text != "null")
            #expect(try await StandInFixture.tasks(standIn, ids: [1]).text == "null")
            #expect(try await StandInFixture.tasks(standIn, ids: [1]).text == "null")
            #expect(try await StandInFixture.tasks(standIn, ids: [1]).text != "null")
            standIn.injectFault(.nullBody, times: 5)
            standIn.clearFaults()
            #expect(try await StandInFixture.tasks(standIn, ids: [1]).text != "null")
        }
    }

    @Test("resetBeforeResponse closes the connection without a single byte of answer, yet the request is recorded")
    func resetBefore() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            standIn.injectFault(.resetBeforeResponse)
            let answer = try await StandInFixture.tasks(standIn, ids: [1])
            #expect(answer.raw.isEmpty)
            #expect(!answer.hasHead)
            #expect(standIn.receivedCount(pathContaining: "Batch") == 1)
        }
    }

    @Test("resetMidBody sends the head and fewer body bytes than Content-Length")
    func resetMidBody() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            standIn.injectFault(.resetMidBody)
            let answer = try await StandInFixture.tasks(standIn, ids: [5])
            #expect(answer.status == 200)
            let length = try #require(answer.header("Content-Length").flatMap { Int($0) })
            #expect(answer.body.count < length)
            #expect(!answer.body.isEmpty)
        }
    }

    @Test("malformedJSON answers 200 JSON that does not parse")
    func malformed() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            standIn.injectFault(.malformedJSON)
            let answer = try await StandInFixture.tasks(standIn, ids: [1])
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect(throws: (any Error).self) { try answer.json() }
        }
    }

    @Test("truncatedGzip answers gzip that cannot be fully decompressed, even unasked")
    func truncatedGzip() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            standIn.injectFault(.truncatedGzip)
            let answer = try await StandInFixture.tasks(standIn, ids: [5])
            #expect(answer.status == 200)
            #expect(answer.header("Content-Encoding") == "gzip")
            #expect(Array(answer.body.prefix(2)) == [0x1F, 0x8B])
            #expect(throws: (any Error).self) { try StandInGzip.decompress(answer.body) }
        }
    }

    @Test("nullBody answers 200 with the body null")
    func nullBody() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            standIn.injectFault(.nullBody)
            let answer = try await StandInFixture.tasks(standIn, ids: [1])
            #expect(answer.status == 200)
            #expect(answer.text == "null")
        }
    }

    @Test("the optional 429 mode refuses requests over the limit with Retry-After, and is off by default")
    func throttle() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            for _ in 0..<15 { #expect(try await StandInFixture.tasks(standIn, ids: [1]).status == 200) }
            standIn.setThrottle(StandInThrottle(limit: 2, window: .seconds(60), retryAfterSeconds: 3))
            #expect(try await StandInFixture.tasks(standIn, ids: [1]).status == 200)
            #expect(try await StandInFixture.tasks(standIn, ids: [1]).status == 200)
            let refused = try await StandInFixture.tasks(standIn, ids: [1])
            #expect(refused.status == 429)
            #expect(refused.header("Retry-After") == "3")
            standIn.setThrottle(nil)
            #expect(try await StandInFixture.tasks(standIn, ids: [1]).status == 200)
        }
    }
}
