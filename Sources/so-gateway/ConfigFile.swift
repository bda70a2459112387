import Foundation
import GatewayConfig
import SOGateway

/// gateway.yml read once: the checked configuration and the SHA-256 of the very text it came from, which the
/// status page shows so an operator can tell which file a replica runs (`sha256sum gateway.yml`).
struct ConfigFile {
    let configuration: GatewayConfiguration
    let sha256: String

    static func load(path: String) throws(ConfigError) -> ConfigFile {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard let data = FileManager.default.contents(atPath: url.path), let yaml = String(data: data, encoding: .utf8) else {
            // Unreadable or not UTF-8: the loader reports it with its usual message.
            return ConfigFile(configuration: try ConfigLoader.load(path: path), sha256: "unknown")
        }
        let configuration = try ConfigLoader.parse(
            yaml: yaml, environment: ProcessInfo.processInfo.environment, baseDirectory: url.deletingLastPathComponent().path
        )
        return ConfigFile(configuration: configuration, sha256: KeyDigest(hashing: data).hex)
    }
}
