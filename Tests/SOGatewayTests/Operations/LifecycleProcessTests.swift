import Foundation
import NIOCore
import NIOHTTP1
import SuperOfficeStandIn
import Testing

/// Lifecycle tests against the real executable, because signals act on processes.
@Suite("Process lifecycle", .enabled(if: GatewayProcess.isAvailable, "needs the so-gateway executable next to the test bundle"))
struct LifecycleProcessTests {
    static func yaml(standIn: String, port: Int, adminPort: Int, extraClient: String = "") -> String {
        """
        listen: { host: 127.0.0.1, port: \(port) }
        upstream:
          url: \(standIn)/Cust12345
          app_token: demo-app-token
          timeout: 10s
          credentials: { ticket: "7T:alice-ticket" }
        clients:
          - name: partner-a
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerA))" ]
        \(extraClient)
        admin: { listen: { host: 127.0.0.1, port: \(adminPort) } }
        shutdown: { drain_timeout: 10s }
        logging: { level: info }
        """
    }

    @Test("SIGTERM during a slow upstream call: that call completes and the process exits 0")
    func sigtermDrains() async throws {
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown() } }
        let port = try freePort()
        let gateway = try GatewayProcess(yaml: Self.yaml(standIn: standIn.baseURL, port: port, adminPort: try freePort()))
        #expect(await gateway.waitForLog("listening"))
        standIn.injectFault(.delay(.seconds(2)), pathContaining: "/Contact/", times: 1)
        let connection = try await KeepAliveConnection.connect(port: port)
        async let slow = connection.get("/api/v1/Contact/5", headers: [("X-API-Key", TestKeys.partnerA)])
        try await waitUntil("the slow call reached upstream") { standIn.receivedCount(pathContaining: "/Contact/") == 1 }
        gateway.signal(SIGTERM)
        let (status, _) = try await slow
        #expect(status == .ok)
        let exit = await gateway.waitForExit(timeout: .seconds(15))
        #expect(exit == 0, "log: \(gateway.log)")
        await connection.close()
    }

    @Test("SIGHUP adding a client key: the key works at once and an open keep-alive connection keeps working")
    func sighupReloads() async throws {
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown() } }
        let port = try freePort()
        let adminPort = try freePort()
        let gateway = try GatewayProcess(yaml: Self.yaml(standIn: standIn.baseURL, port: port, adminPort: adminPort))
        #expect(await gateway.waitForLog("listening"))
        let connection = try await KeepAliveConnection.connect(port: port)
        let before = try await connection.get("/api/v1/Contact/5", headers: [("X-API-Key", TestKeys.partnerA)])
        #expect(before.0 == .ok)
        let newKeyBefore = try await connection.get("/api/v1/Contact/5", headers: [("X-API-Key", TestKeys.partnerB)])
        #expect(newKeyBefore.0 == .unauthorized)

        // A broken file is rejected and the running configuration stays.
        try gateway.rewriteConfig("listen: [this is not valid")
        gateway.signal(SIGHUP)
        #expect(await gateway.waitForLog("reload rejected"))
        let stillServing = try await connection.get("/api/v1/Contact/5", headers: [("X-API-Key", TestKeys.partnerA)])
        #expect(stillServing.0 == .ok)

        let extra = """
          - name: partner-b
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerB))" ]
        """
        try gateway.rewriteConfig(Self.yaml(standIn: standIn.baseURL, port: port, adminPort: adminPort, extraClient: extra))
        gateway.signal(SIGHUP)
        #expect(await gateway.waitForLog("configuration reloaded"))
        let after = try await connection.get("/api/v1/Contact/5", headers: [("X-API-Key", TestKeys.partnerB)])
        #expect(after.0 == .ok)
        #expect(connection.isActive)
        let old = try await connection.get("/api/v1/Contact/5", headers: [("X-API-Key", TestKeys.partnerA)])
        #expect(old.0 == .ok)
        await connection.close()
        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit(timeout: .seconds(15)) == 0)
    }

    @Test("so-gateway healthcheck exits 0 against a running gateway and 1 when nothing listens")
    func healthcheck() async throws {
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown() } }
        let port = try freePort()
        let yaml = Self.yaml(standIn: standIn.baseURL, port: port, adminPort: try freePort())
        let gateway = try GatewayProcess(yaml: yaml)
        #expect(await gateway.waitForLog("admin listening"))
        let check = try GatewayProcess(yaml: yaml, arguments: ["healthcheck"])
        #expect(await check.waitForExit(timeout: .seconds(10)) == 0)
        gateway.signal(SIGTERM)
        #expect(await gateway.waitForExit(timeout: .seconds(15)) == 0)
        let down = try GatewayProcess(yaml: yaml, arguments: ["healthcheck"])
        #expect(await down.waitForExit(timeout: .seconds(10)) == 1)
    }
}
