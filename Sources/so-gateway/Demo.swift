import Foundation
import ArgumentParser
import GatewayConfig
import Logging
import NIOCore
import NIOPosix
import SOGateway
import ServiceLifecycle
import UnixSignals
import SuperOfficeStandIn

/// `so-gateway demo`: the bundled SuperOffice stand-in with a gateway in front, on loopback, so a first
/// `curl` works without a SuperOffice tenant.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the bundled SuperOffice stand-in and a gateway in front of it on loopback (Ctrl-C stops)."
    )

    @Option(help: "Gateway port on 127.0.0.1.")
    var port: Int = 8080

    @Option(help: "The demo partner key (loopback only).")
    var key: String = "so-demo-key"

    /// On in the demo, so a partner polling its jobs sees them finish.
    @Option(help: "How often the stand-in's running batch jobs move one step on, or off.")
    var jobStep: JobStepOption = JobStepOption(.seconds(10))

    func run() async throws {
        let standIn = SuperOfficeStandIn(configuration: StandInConfiguration(jobStep: jobStep.step))
        try await standIn.start(host: "127.0.0.1", port: 0)
        let yaml = Self.configuration(standInURL: standIn.baseURL, port: port, keyHash: KeyDigest(hashing: key.utf8).hex)
        let config: GatewayConfiguration
        do {
            config = try ConfigLoader.parse(yaml: yaml, environment: [:], baseDirectory: ".")
        } catch {
            printProblems(error)
            throw ExitCode(1)
        }
        let logger = makeLogger(level: "info")
        let gateway = try Gateway(configuration: config, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        try await gateway.start()
        let gatewayPort = gateway.port ?? port
        let banner = """

        so-gateway demo: SuperOffice stand-in at \(standIn.baseURL)/Cust12345, gateway at http://127.0.0.1:\(gatewayPort)
        Try:
          curl -s -H 'X-API-Key: \(key)' http://127.0.0.1:\(gatewayPort)/api/v1/Contact/5
          curl -s -H 'X-API-Key: \(key)' -H 'Content-Type: application/json' \\
               -d '{"AssociateIds":[30,491]}' http://127.0.0.1:\(gatewayPort)/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates
        Ctrl-C stops.

        """
        // Written unbuffered so the curl line shows at once even when stdout is a pipe or a file.
        FileHandle.standardOutput.write(Data((banner + "\n").utf8))
        JSONLogHandler.flush()
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: UntilShutdown())], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
        await gateway.shutdown()
        try await standIn.shutdown()
        JSONLogHandler.flush()
    }

    /// The demo's gateway.yml: the same keys an operator writes, pointed at the stand-in.
    static func configuration(standInURL: String, port: Int, keyHash: String) -> String {
        """
        listen: { host: 127.0.0.1, port: \(port) }
        upstream:
          url: \(standInURL)/Cust12345
          app_token: demo-app-token
          time_zone: UTC
          timeout: 30s
          credentials:
            ticket: "7T:alice-ticket"
        clients:
          - name: demo-partner
            api_keys_sha256: [ "\(keyHash)" ]
            time_zone: NO
        limits: { max_body: 1MiB }
        """
    }
}
