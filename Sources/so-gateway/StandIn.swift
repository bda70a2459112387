import ArgumentParser
import ServiceLifecycle
import UnixSignals
import Logging
import SuperOfficeStandIn

/// `so-gateway stand-in`: only the bundled SuperOffice stand-in, for running `serve` against gateway.yml.
struct StandIn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stand-in",
        abstract: "Run the bundled SuperOffice WebAPI stand-in on loopback (Ctrl-C stops)."
    )

    @Option(help: "Port on 127.0.0.1.")
    var port: Int = 8081

    /// SuperOffice's docs disagree on 401 or 403 for an expired ticket or token; this lets both be tried.
    @Option(help: "Status for expired or unknown credentials: 401 (SuperOffice's documented answer) or 403.")
    var expiredStatus: Int = 401

    /// Off by default so answers stay deterministic; on, running jobs finish the way SuperOffice's do.
    @Option(help: "How often running batch jobs move one step on (New → Aquired → Started → Succeeded), e.g. 2s; off by default.")
    var jobStep: JobStepOption = JobStepOption(nil)

    func validate() throws {
        guard expiredStatus == 401 || expiredStatus == 403 else {
            throw ValidationError("--expired-status must be 401 or 403")
        }
    }

    func run() async throws {
        let standIn = SuperOfficeStandIn(configuration: StandInConfiguration(unauthorizedStatus: expiredStatus, jobStep: jobStep.step))
        try await standIn.start(host: "127.0.0.1", port: port)
        print("SuperOffice stand-in at \(standIn.baseURL)/Cust12345 (ticket 7T:alice-ticket, SO-AppToken demo-app-token)")
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: UntilShutdown())], gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "stand-in"))
        )
        try await group.run()
        try await standIn.shutdown()
    }
}
