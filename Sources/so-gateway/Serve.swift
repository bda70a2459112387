import ArgumentParser
import GatewayConfig
import Logging
import NIOPosix
import SOGateway
import ServiceLifecycle
import UnixSignals

/// `so-gateway serve`: run the gateway from gateway.yml until SIGTERM/SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the gateway.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let path = try options.resolvedPath()
        let file: ConfigFile
        do {
            file = try ConfigFile.load(path: path)
        } catch {
            printProblems(error)
            throw ExitCode(1)
        }
        let logger = makeLogger(level: file.configuration.logging.level)
        let gateway = try Gateway(
            configuration: file.configuration, group: MultiThreadedEventLoopGroup.singleton, logger: logger, configurationSHA256: file.sha256
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: GatewayService(gateway: gateway)),
                    .init(service: ReloadOnHangup(gateway: gateway, path: path, logger: logger)),
                    .init(service: LogFlusher()),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        JSONLogHandler.flush()
    }
}

/// The process-wide JSON logger at the configured level.
func makeLogger(level: String) -> Logger {
    let parsed = Logger.Level(rawValue: level) ?? .info
    LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: parsed) }
    var logger = Logger(label: "so-gateway")
    logger.logLevel = parsed
    return logger
}

func printProblems(_ error: ConfigError) {
    for problem in error.problems {
        print(problem.description)
    }
}
