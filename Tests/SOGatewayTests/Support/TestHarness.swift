import Foundation
import GatewayClock
import GatewayConfig
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SOGateway
import SuperOfficeStandIn
import UpstreamTransport

/// Partner keys the integration tests use, with their hashes for gateway.yml.
enum TestKeys {
    static let partnerA = "partner-a-key-0123456789abcdefghijklmnop"
    static let partnerB = "partner-b-key-0123456789abcdefghijklmnop"
    static let partnerC = "partner-c-key-0123456789abcdefghijklmnop"
    static func hash(_ key: String) -> String { KeyDigest(hashing: key.utf8).hex }
}

/// A stand-in and a gateway in front of it, both on loopback ports, plus an HTTP client for the tests
/// (AsyncHTTPClient, independent of the gateway's own upstream pool).
struct TestHarness {
    let standIn: SuperOfficeStandIn
    let gateway: Gateway
    let client: GatewayClient
    let gatewayEndpoint: UpstreamEndpoint
    let logs: LogCapture

    /// The default test configuration: partner-a uses the upstream default ticket, partner-b acts as bob.
    static func defaultYAML(standInURL: String, extra: String = "") -> String {
        """
        listen: { host: 127.0.0.1, port: 0 }
        upstream:
          url: \(standInURL)/Cust12345
          app_token: demo-app-token
          time_zone: UTC
          timeout: 2s
          credentials:
            ticket: "7T:alice-ticket"
        clients:
          - name: partner-a
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerA))" ]
            time_zone: NO
          - name: partner-b
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerB))" ]
            credentials: { basic: { user: bob, password: bob-password } }
          - name: partner-c
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerC))" ]
            credentials: { ticket: "7T:alice-ticket" }
        limits: { max_body: 64KiB, header_timeout: 1s, body_timeout: 1s, idle_timeout: 5s }
        \(extra)
        """
    }

    static func start(
        standInConfiguration: StandInConfiguration = StandInConfiguration(),
        yaml: (String) -> String = { defaultYAML(standInURL: $0) },
        clock: GatewayClock = .system
    ) async throws -> TestHarness {
        let standIn = SuperOfficeStandIn(configuration: standInConfiguration)
        try await standIn.start(host: "127.0.0.1", port: 0)
        let config = try ConfigLoader.parse(yaml: yaml(standIn.baseURL), environment: [:], baseDirectory: FileManager.default.currentDirectoryPath)
        let logs = LogCapture()
        var logger = Logger(label: "test") { label in logs.handler(label: label) }
        logger.logLevel = .debug
        let gateway = try Gateway(configuration: config, group: MultiThreadedEventLoopGroup.singleton, logger: logger, clock: clock)
        try await gateway.start()
        guard let port = gateway.port else { throw HarnessError.notListening }
        return TestHarness(
            standIn: standIn, gateway: gateway, client: GatewayClient(),
            gatewayEndpoint: UpstreamEndpoint(scheme: .http, host: "127.0.0.1", port: port), logs: logs
        )
    }

    /// Sends one request to the gateway and returns the raw answer (bodies are not decoded).
    func send(
        _ method: HTTPMethod, _ target: String, headers: [(String, String)] = [], body: String? = nil,
        key: String? = TestKeys.partnerA
    ) async throws -> GatewayAnswer {
        var all = HTTPHeaders(headers)
        if let key, !all.contains(name: "X-API-Key"), !all.contains(name: "Authorization") {
            all.add(name: "X-API-Key", value: key)
        }
        return try await client.send(
            method, target, port: gatewayEndpoint.port, headers: all, body: body.map { ByteBuffer(string: $0) }, timeout: .seconds(10)
        )
    }

    func stop() async {
        await client.shutdown()
        await gateway.shutdown()
        try? await standIn.shutdown()
    }
}

enum HarnessError: Error { case notListening }

/// Runs `body` with a fresh harness and always stops it.
func withHarness<T>(
    standIn: StandInConfiguration = StandInConfiguration(),
    yaml: @escaping (String) -> String = { TestHarness.defaultYAML(standInURL: $0) },
    clock: GatewayClock = .system,
    _ body: (TestHarness) async throws -> T
) async throws -> T {
    let harness = try await TestHarness.start(standInConfiguration: standIn, yaml: yaml, clock: clock)
    do {
        let result = try await body(harness)
        await harness.stop()
        return result
    } catch {
        await harness.stop()
        throw error
    }
}
