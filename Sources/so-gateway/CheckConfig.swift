import ArgumentParser
import GatewayConfig

/// `so-gateway check-config`: validate gateway.yml and list every problem with its key path.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a configuration file; exit 0 when valid, else list every problem."
    )

    @OptionGroup var options: ConfigOption

    func run() throws {
        let path = try options.resolvedPath()
        do {
            _ = try ConfigLoader.load(path: path)
            print("\(path): configuration ok")
        } catch {
            printProblems(error)
            throw ExitCode(1)
        }
    }
}
