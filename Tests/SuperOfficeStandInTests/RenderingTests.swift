import Testing
import SuperOfficeStandIn

@Suite("SO-TimeZone, SO-Language and SO-Culture visibly change answers")
struct RenderingTests {
    private func firstTask(_ standIn: SuperOfficeStandIn, _ headers: [(String, String)]) async throws -> [String: Any] {
        try #require(try await StandInFixture.tasks(standIn, ids: [1], extraHeaders: headers).jsonArray().first)
    }

    @Test("SO-TimeZone shifts LastStarted (NO = +1 h, by code or id), adds offsets on request, leaves Created in UTC")
    func timeZone() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let base = try await firstTask(standIn, [])
            let oslo = try await firstTask(standIn, [("SO-TimeZone", "NO")])
            let byId = try await firstTask(standIn, [("SO-TimeZone", "261")])
            let tagged = try await firstTask(standIn, [("SO-TimeZone", "NO, includeTZOffset")])
            let baseStarted = try #require(base["LastStarted"] as? String)
            let osloStarted = try #require(oslo["LastStarted"] as? String)
            #expect(baseStarted != osloStarted)
            #expect(osloStarted == byId["LastStarted"] as? String)
            #expect(!baseStarted.contains("+") && !baseStarted.hasSuffix("Z"))
            #expect(Int(baseStarted.dropFirst(11).prefix(2)).map { ($0 + 1) % 24 } == Int(osloStarted.dropFirst(11).prefix(2)))
            #expect(tagged["LastStarted"] as? String == osloStarted + "+01:00")
            #expect(oslo["Created"] as? String == base["Created"] as? String)
            #expect(tagged["Created"] as? String == (base["Created"] as? String ?? "") + "Z")
            let unknown = try await firstTask(standIn, [("SO-TimeZone", "Europe/Oslo")])
            #expect(unknown["LastStarted"] as? String == baseStarted)
        }
        try await StandInFixture.withStandIn(StandInConfiguration(rejectUnknownTimeZone: true)) { standIn async throws in
            let answer = try await StandInFixture.tasks(standIn, ids: [1], extraHeaders: [("SO-TimeZone", "CET")])
            #expect(answer.status == 400)
        }
    }

    @Test("SO-Language (winning over Accept-Language) translates Description; none, * or x leave the resource id")
    func language() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let untranslated = try await firstTask(standIn, [])["Description"] as? String
            #expect(untranslated?.hasPrefix("[SR_BATCH_") == true)
            let norwegian = try await firstTask(standIn, [("SO-Language", "nb-no")])["Description"] as? String
            let english = try await firstTask(standIn, [("Accept-Language", "en-us; en-gb")])["Description"] as? String
            let winner = try await firstTask(standIn, [("Accept-Language", "en"), ("SO-Language", "no")])["Description"] as? String
            let off = try await firstTask(standIn, [("Accept-Language", "en"), ("SO-Language", "*")])["Description"] as? String
            let offX = try await firstTask(standIn, [("SO-Language", "x")])["Description"] as? String
            #expect(norwegian != english)
            #expect(norwegian?.hasPrefix("[") == false)
            #expect(english?.hasPrefix("[") == false)
            #expect(winner == norwegian)
            #expect(off == untranslated)
            #expect(offX == untranslated)
        }
    }

    @Test("SO-Culture decides the decimal separator of numbers rendered as strings; ignored without a language")
    func culture() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            func progress(_ headers: [(String, String)]) async throws -> String? {
                (try await firstTask(standIn, headers)["ParameterObject"] as? [String: Any])?["Progress"] as? String
            }
            let swedish = try await progress([("SO-Language", "en"), ("SO-Culture", "sv")])
            let english = try await progress([("SO-Language", "en")])
            let norwegian = try await progress([("SO-Language", "nb-no")])
            let ignored = try await progress([("SO-Culture", "sv")])
            #expect(swedish?.contains(",") == true)
            #expect(norwegian?.contains(",") == true)
            #expect(english?.contains(".") == true)
            #expect(ignored == english)
        }
    }
}
