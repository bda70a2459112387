import GatewayConfig
import Logging
import SOGateway
import ServiceLifecycle
import UnixSignals

/// SIGHUP → load gateway.yml again; a broken file keeps the running configuration and logs why.
struct ReloadOnHangup: Service {
    let gateway: Gateway
    let path: String
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            do {
                let file = try ConfigFile.load(path: path)
                try gateway.reload(file.configuration, configurationSHA256: file.sha256)
            } catch let error as ConfigError {
                logger.error(
                    "reload rejected; keeping the running configuration",
                    metadata: ["problems": .array(error.problems.map { .string($0.description) })]
                )
            } catch {
                logger.error("reload failed; keeping the running configuration", metadata: ["error": .string("\(error)")])
            }
            JSONLogHandler.flush()
        }
    }
}
