import ArgumentParser
import Foundation

/// `--config PATH`, falling back to `SO_GATEWAY_CONFIG`.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "Path to gateway.yml (default: $SO_GATEWAY_CONFIG).")
    var config: String?

    func resolvedPath() throws -> String {
        if let config { return config }
        if let fromEnvironment = ProcessInfo.processInfo.environment["SO_GATEWAY_CONFIG"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        throw ValidationError("no configuration: pass --config PATH or set SO_GATEWAY_CONFIG")
    }
}
