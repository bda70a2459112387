import NIOHTTP1
import SuperOfficeStandIn
import Testing
import UpstreamTransport

/// `upstream.tenant`: the API host comes from the tenant-state endpoint, and a 421 moves the gateway to the new one.
struct CredentialsTenantDiscoveryIntegrationTests {
    static func yaml(_ environmentURL: String, context: String = "Cust12345") -> String {
        CredentialsYAML.gateway(
            target: "tenant: { context: \(context), environment_url: \(environmentURL) }",
            credentials: "ticket: \"7T:alice-ticket\""
        )
    }

    @Test func theAPIHostIsResolvedOnceAndBothRoutingFormsWork() async throws {
        try await withHarness(yaml: { Self.yaml($0) }) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(try await h.send(.GET, "/Cust12345/api/v1/Contact/5").status == .ok)
            #expect(h.standIn.receivedCount(pathContaining: "/api/state/Cust12345") == 1)
            #expect(h.standIn.received.last?.path == "/Cust12345/api/v1/Contact/5")
            let (status, body) = try await h.readiness()
            #expect(status == .ok, "\(body)")
        }
    }

    @Test func a421LeadsToOneRediscoveryAndEveryRequestSucceedsOnTheNewHost() async throws {
        let moved = SuperOfficeStandIn()
        try await moved.start(host: "127.0.0.1", port: 0)
        do {
            try await withHarness(yaml: { Self.yaml($0) }) { h in
                #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
                h.standIn.setMisdirected(true)
                h.standIn.setTenantState("Running", apiURL: moved.baseURL + "/Cust12345/api")
                let statuses = try await h.concurrently(20)
                #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses.filter { $0 != .ok })")
                #expect(h.standIn.receivedCount(pathContaining: "/api/state/Cust12345") == 2)
                #expect(moved.receivedCount(pathContaining: "/Cust12345/api/v1/Contact/5") == 20)
                let before = h.standIn.received.count
                #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
                #expect(h.standIn.received.count == before, "later requests go straight to the new host")
            }
        } catch {
            try? await moved.shutdown()
            throw error
        }
        try await moved.shutdown()
    }

    @Test func a421WhileTheStateStillNamesTheSameHostIsA502Problem() async throws {
        try await withHarness(yaml: { Self.yaml($0) }) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            h.standIn.setMisdirected(true)
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .badGateway)
            #expect(response.problemDetail?.contains("421") == true)
        }
    }

    @Test func anUnknownTenantIsNotServedAndIsReportedByReadiness() async throws {
        try await withHarness(yaml: { Self.yaml($0, context: "Cust99999") }) { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .badGateway)
            #expect(response.problemDetail?.contains("HTTP 404") == true)
            #expect(h.standIn.receivedCount(pathContaining: "/api/v1/") == 0)
            let (status, body) = try await h.readiness()
            #expect(status == .serviceUnavailable)
            #expect(body.contains("Cust99999"))
        }
    }

    @Test func aTenantThatIsNotRunningIsReportedByItsStateName() async throws {
        try await withHarness(standIn: StandInConfiguration(tenantState: "OfflineMaintenance"), yaml: { Self.yaml($0) }) { h in
            let (status, body) = try await h.readiness()
            #expect(status == .serviceUnavailable)
            #expect(body.contains("tenant Cust12345 is OfflineMaintenance"))
        }
    }
}
