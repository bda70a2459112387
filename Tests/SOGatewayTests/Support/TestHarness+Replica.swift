import Foundation
import GatewayClock
import GatewayConfig
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SOGateway
import UpstreamTransport

/// A second gateway process-alike in front of the harness's stand-in, for tests of what replicas share.
struct Replica {
    let gateway: Gateway
    let endpoint: UpstreamEndpoint
}

extension TestHarness {
    /// Starts another gateway with `yaml` against this harness's stand-in; the caller stops it with `stop(_:)`.
    func startReplica(yaml: (String) -> String, clock: GatewayClock = .system) async throws -> Replica {
        let config = try ConfigLoader.parse(yaml: yaml(standIn.baseURL), environment: [:], baseDirectory: FileManager.default.currentDirectoryPath)
        var logger = Logger(label: "replica") { label in logs.handler(label: label) }
        logger.logLevel = .debug
        let gateway = try Gateway(configuration: config, group: MultiThreadedEventLoopGroup.singleton, logger: logger, clock: clock)
        try await gateway.start()
        guard let port = gateway.port else { throw HarnessError.notListening }
        return Replica(gateway: gateway, endpoint: UpstreamEndpoint(scheme: .http, host: "127.0.0.1", port: port))
    }

    /// Sends one request to `replica` with partner-a's key unless `key` says otherwise.
    func send(
        to replica: Replica, _ method: HTTPMethod, _ target: String, headers: [(String, String)] = [], body: String? = nil,
        key: String? = TestKeys.partnerA
    ) async throws -> GatewayAnswer {
        var all = HTTPHeaders(headers)
        if let key { all.add(name: "X-API-Key", value: key) }
        return try await client.send(
            method, target, port: replica.endpoint.port, headers: all, body: body.map { ByteBuffer(string: $0) }, timeout: .seconds(10)
        )
    }
}

extension TestHarness {
    /// The `/metrics` text of `gateway`'s admin listener (configured with the admin key `key`).
    func adminMetrics(of gateway: Gateway, key: String = "admin-key-0123456789abcdefghijklmnopqrstu") async throws -> String {
        guard let port = gateway.adminPort else { throw HarnessError.notListening }
        return try await client.send(.GET, "/metrics", port: port, headers: ["X-API-Key": key], timeout: .seconds(5)).text
    }
}

/// Waits until `condition` holds, polling every 10 ms, or throws after `timeout`.
func waitUntil(timeout: Duration = .seconds(10), _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw WaitTimedOut(what: what) }
        try await Task.sleep(for: .milliseconds(10))
    }
}

struct WaitTimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting until \(what)" }
}
