import Foundation
import GatewayClock
import GatewayConfig
import NIOHTTP1
import SuperOfficeStandIn
import Testing
import TestSupport
import UpstreamTransport

/// `upstream.renewal` end to end: a stand-in that answers 403 for expired credentials, the gateway renewing on
/// 403 only when `on_status` says so, and renewal timing from gateway.yml reaching the providers.
struct CredentialsRenewalStatusIntegrationTests {
    static let renewOn403 = "{ on_status: [401, 403] }"

    /// A system-user stand-in that rejects expired tickets with 403 instead of 401.
    static func forbiddingSetup() throws -> CredentialsSystemUserIntegrationTests.Setup {
        var setup = try CredentialsSystemUserIntegrationTests.setup()
        setup.standIn.unauthorizedStatus = 403
        return setup
    }

    /// A gateway signing in as the system user against the stand-in (403 for expired tickets when `forbidding`),
    /// with `renewal` as its `upstream.renewal`; the key file is removed afterwards.
    func withSystemUser(
        forbidding: Bool = false, renewal: String? = nil, clock: GatewayClock = .system, _ body: (TestHarness) async throws -> Void
    ) async throws {
        let setup = forbidding ? try Self.forbiddingSetup() : try CredentialsSystemUserIntegrationTests.setup()
        defer { try? FileManager.default.removeItem(atPath: setup.keyPath) }
        let yaml = { CredentialsSystemUserIntegrationTests.yaml($0, keyPath: setup.keyPath, renewal: renewal) }
        try await withHarness(standIn: setup.standIn, yaml: yaml, clock: clock, body)
    }

    @Test func withOnStatus403AnExpiredTicketAnswered403IsRenewedOnceFor20ConcurrentRequests() async throws {
        try await withSystemUser(forbidding: true, renewal: Self.renewOn403) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(h.standIn.systemUserAuthenticationCount == 1)
            let oldTicket = try #require(h.standIn.received.last?.header("Authorization"))
            h.standIn.expireAllCredentials()
            let statuses = try await h.concurrently(20)
            #expect(statuses.count == 20)
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses.filter { $0 != .ok })")
            #expect(h.standIn.systemUserAuthenticationCount == 2)
            #expect(h.standIn.receivedCount(pathContaining: "PartnerSystemUser") == 2)
            // Requests sent before the renewal started got the 403 and were replayed; later ones waited for the
            // renewal. Either way each of the 20 reached SuperOffice exactly once with the new ticket.
            let calls = h.standIn.received.filter { $0.path.hasSuffix("/api/v1/Contact/5") }
            let rejected = calls.dropFirst().filter { $0.header("Authorization") == oldTicket }.count
            #expect(calls.filter { $0.header("Authorization") != oldTicket }.count == 20)
            #expect(rejected >= 1 && rejected <= 20)
            #expect(calls.count == 1 + rejected + 20)
            h.expectNoSecretsLogged([TestKeys.partnerA, "demo-app-token", CredentialsSystemUserIntegrationTests.systemUserToken]
                + h.upstreamCredentialValues)
        }
    }

    @Test func withOnStatus403AnExpiredAccessTokenAnswered403IsRenewedWithOneGrant() async throws {
        let standIn = StandInConfiguration(unauthorizedStatus: 403)
        try await withHarness(standIn: standIn, yaml: { CredentialsOAuthIntegrationTests.yaml($0, renewal: Self.renewOn403) }) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            h.standIn.expireAllCredentials()
            let statuses = try await h.concurrently(20)
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses.filter { $0 != .ok })")
            #expect(h.standIn.tokenGrantCount == 2)
        }
    }

    @Test func byDefaultA403FromSuperOfficeReachesThePartnerUnchangedAndNothingIsRenewed() async throws {
        try await withSystemUser(forbidding: true) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            h.standIn.expireAllCredentials()
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .forbidden)
            #expect(response.text.contains("SoAuthenticationException"), "SuperOffice's own body, not a gateway problem")
            #expect(response.header("Content-Type")?.hasPrefix("application/problem+json") != true)
            let statuses = try await h.concurrently(5)
            #expect(statuses.allSatisfy { $0 == .forbidden }, "\(statuses)")
            #expect(h.standIn.systemUserAuthenticationCount == 1, "no second sign-in")
            #expect(h.standIn.receivedCount(pathContaining: "PartnerSystemUser") == 1)
            #expect(h.standIn.receivedCount(pathContaining: "/api/v1/Contact/5") == 1 + 1 + 5, "no replay")
        }
    }

    @Test func a403ThatPersistsAfterRenewalIsReplayedOnceAndThenReachesThePartner() async throws {
        try await withSystemUser(forbidding: true, renewal: Self.renewOn403) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            // A permission refusal: the fresh ticket is refused too.
            h.standIn.injectFault(.status(403), pathContaining: "/api/v1/Contact/7", times: 2)
            let response = try await h.send(.GET, "/api/v1/Contact/7")
            #expect(response.status == .forbidden)
            #expect(h.standIn.receivedCount(pathContaining: "/api/v1/Contact/7") == 2)
            #expect(h.standIn.systemUserAuthenticationCount == 2)
        }
    }

    @Test func aShortTicketLifetimeFromGatewayYMLRenewsTheTicketBeforeSuperOfficeRejectsIt() async throws {
        let clock = ManualClock(date: Date())  // the signed system-user token carries wall time the stand-in checks
        try await withSystemUser(renewal: "{ ticket_lifetime: 4s, margin: 2s }", clock: clock.clock) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(h.standIn.systemUserAuthenticationCount == 1)
            // Idle for longer than ticket_lifetime minus margin: the held ticket has lapsed by gateway.yml's
            // timing (the stand-in's ticket, 6 h, is still good), so it is replaced before it is sent again.
            clock.advance(by: .milliseconds(2_500))
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(h.standIn.systemUserAuthenticationCount == 2)
            #expect(h.standIn.receivedCount(pathContaining: "/api/v1/Contact/5") == 3, "no request was rejected and replayed")
            #expect(h.logs.all.contains { $0.contains("renewing upstream credential") && $0.contains("none held or lapsed") })
        }
    }

    @Test func theDefaultTicketLifetimeKeepsTheTicketOverTheSameIdlePause() async throws {
        let clock = ManualClock(date: Date())  // the signed system-user token carries wall time the stand-in checks
        try await withSystemUser(clock: clock.clock) { h async throws in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            clock.advance(by: .milliseconds(2_500))
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(h.standIn.systemUserAuthenticationCount == 1)
        }
    }

    @Test func requestTimeoutFromGatewayYMLBoundsTheSignInCall() async throws {
        try await withSystemUser(renewal: "{ request_timeout: 300ms }") { h in
            h.standIn.injectFault(.delay(.seconds(3)), pathContaining: "PartnerSystemUser", times: 1)
            let started = ContinuousClock.now
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .badGateway)
            #expect(response.problemDetail?.contains("did not answer in time") == true, "\(response.problemDetail ?? "")")
            #expect(ContinuousClock.now - started < .seconds(2), "the 10 s default would still be waiting")
        }
    }

    @Test func aReloadAppliesOnStatusAtOnceAndWarnsThatRenewalTimingNeedsARestart() async throws {
        let setup = try Self.forbiddingSetup()
        defer { try? FileManager.default.removeItem(atPath: setup.keyPath) }
        try await withHarness(standIn: setup.standIn, yaml: { CredentialsSystemUserIntegrationTests.yaml($0, keyPath: setup.keyPath) }) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            let reloaded = CredentialsSystemUserIntegrationTests.yaml(
                h.standIn.baseURL, keyPath: setup.keyPath, renewal: "{ on_status: [401, 403], ticket_lifetime: 1h }"
            )
            try h.gateway.reload(ConfigLoader.parse(yaml: reloaded, environment: [:], baseDirectory: "/"))
            #expect(h.logs.all.contains { $0.contains("upstream.renewal timing changed; it takes effect after a restart") })
            #expect(h.standIn.systemUserAuthenticationCount == 1, "the ticket survives the reload")
            h.standIn.expireAllCredentials()
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(h.standIn.systemUserAuthenticationCount == 2)
        }
    }

    @Test func aFailedSignInFailsFastForFailureBackoffFromGatewayYMLThenTheNextRequestTriesOnce() async throws {
        // Longer than the 2 s default, so a request between the two proves the configured value is the one used.
        let clock = ManualClock(date: Date())  // the signed system-user token carries wall time the stand-in checks
        try await withSystemUser(renewal: "{ failure_backoff: 4s }", clock: clock.clock) { h async throws in
            h.standIn.injectFault(.status(500), pathContaining: "PartnerSystemUser", times: 1)
            let first = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(first.status == .badGateway)
            let detail = try #require(first.problemDetail)
            #expect(detail == "SuperOffice's PartnerSystemUser service answered HTTP 500.")
            #expect(h.standIn.receivedCount(pathContaining: "PartnerSystemUser") == 1)
            // Within the backoff: the same 502 at once, without asking SuperOffice again.
            for _ in 0..<3 {
                let again = try await h.send(.GET, "/api/v1/Contact/5")
                #expect(again.status == .badGateway)
                #expect(again.problemDetail == detail)
            }
            let statuses = try await h.concurrently(10)
            #expect(statuses.count == 10)
            #expect(statuses.allSatisfy { $0 == .badGateway }, "\(statuses)")
            #expect(h.standIn.receivedCount(pathContaining: "PartnerSystemUser") == 1, "no attempt during the backoff")
            #expect(h.standIn.receivedCount(pathContaining: "/api/v1/Contact") == 0)
            // Past the 2 s default, inside the configured 4 s: still refused without a new attempt.
            clock.advance(by: .milliseconds(2_600))
            let stillBackingOff = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(stillBackingOff.status == .badGateway)
            #expect(h.standIn.receivedCount(pathContaining: "PartnerSystemUser") == 1, "the 2 s default is not what applies")
            // Past the configured 4 s: exactly one new attempt, shared by every request that arrives while it runs.
            clock.advance(by: .milliseconds(1_800))
            let after = try await h.concurrently(10)
            #expect(after.allSatisfy { $0 == .ok }, "\(after)")
            #expect(h.standIn.receivedCount(pathContaining: "PartnerSystemUser") == 2)
            #expect(h.standIn.systemUserAuthenticationCount == 1)
            #expect(h.standIn.receivedCount(pathContaining: "/api/v1/Contact/5") == 10)
        }
    }

    /// The session stand-in with `login`, answering 403 for an expired session.
    static let forbiddingSessionStandIn: StandInConfiguration = {
        var standIn = CredentialsSessionIntegrationTests.standIn
        standIn.unauthorizedStatus = 403
        return standIn
    }()

    @Test func withOnStatus403AnExpiredSessionAnswered403SignsInOnceAndTheRequestIsReplayed() async throws {
        let yaml = { CredentialsSessionIntegrationTests.yaml($0, login: true, renewal: Self.renewOn403) }
        try await withHarness(standIn: Self.forbiddingSessionStandIn, yaml: yaml) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(h.standIn.receivedCount(pathContaining: "/Cust12345/login") == 0)
            h.standIn.expireAllCredentials()
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .ok)
            #expect(response.header("Set-Cookie") == nil)
            #expect(h.standIn.receivedCount(pathContaining: "/Cust12345/login") == 1)
            let calls = h.standIn.received.filter { $0.path.hasSuffix("/api/v1/Contact/5") }
            #expect(calls.count == 3, "the first call, the one answered 403, its replay")
            #expect(calls.dropLast().allSatisfy { $0.header("Cookie")?.contains("session-cookie-1") == true })
            #expect(calls.last?.header("Cookie")?.contains("session-cookie-1") == false, "the replay carries the new session")
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(h.standIn.receivedCount(pathContaining: "/Cust12345/login") == 1, "the new session is kept")
            h.expectNoSecretsLogged(CredentialsSessionIntegrationTests.secrets + h.upstreamCredentialValues)
        }
    }

    @Test func byDefaultA403ForAnExpiredSessionReachesThePartnerAndDoesNotSignIn() async throws {
        let yaml = { CredentialsSessionIntegrationTests.yaml($0, login: true) }
        try await withHarness(standIn: Self.forbiddingSessionStandIn, yaml: yaml) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            h.standIn.expireAllCredentials()
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .forbidden)
            #expect(response.text.contains("SoAuthenticationException"), "SuperOffice's own body, not a gateway problem")
            let statuses = try await h.concurrently(5)
            #expect(statuses.allSatisfy { $0 == .forbidden }, "\(statuses)")
            #expect(h.standIn.receivedCount(pathContaining: "/Cust12345/login") == 0, "no re-login")
            #expect(h.standIn.receivedCount(pathContaining: "/api/v1/Contact/5") == 1 + 1 + 5, "no replay")
        }
    }
}
