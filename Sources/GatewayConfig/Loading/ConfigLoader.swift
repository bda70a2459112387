import Foundation
import Yams

/// Turns gateway.yml into a checked `GatewayConfiguration`, reporting every problem with its key path at once.
public enum ConfigLoader: Sendable {
    /// Reads the file, expands `${VAR}`, parses and validates.
    ///
    /// Relative file paths inside the config (key files, TLS files) resolve against the config file's directory.
    /// - Parameters:
    ///   - path: the configuration file.
    ///   - environment: the variables `${VAR}` may name.
    public static func load(
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> GatewayConfiguration {
        let fileURL = URL(fileURLWithPath: path).standardizedFileURL
        guard let data = FileManager.default.contents(atPath: fileURL.path) else {
            throw ConfigError(problems: [ConfigProblem(path: ConfigPath.fileName, message: "cannot read \(fileURL.path)")])
        }
        guard let yaml = String(data: data, encoding: .utf8) else {
            throw ConfigError(problems: [ConfigProblem(path: ConfigPath.fileName, message: "\(fileURL.path) is not UTF-8 text")])
        }
        return try parse(yaml: yaml, environment: environment, baseDirectory: fileURL.deletingLastPathComponent().path)
    }

    /// Parses and validates configuration text.
    ///
    /// - Parameters:
    ///   - yaml: the text of gateway.yml.
    ///   - environment: the variables `${VAR}` may name.
    ///   - baseDirectory: what relative file paths in the config resolve against.
    public static func parse(yaml: String, environment: [String: String], baseDirectory: String) throws(ConfigError) -> GatewayConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigError(problems: [YAMLSyntaxProblem.problem(for: error, in: yaml)])
        }
        let context = ConfigReadContext(environment: environment, baseDirectory: baseDirectory)
        let configuration = GatewayConfiguration.read(from: root ?? Node([(Node, Node)]()), context: context)
        guard let configuration, context.problems.isEmpty else {
            throw ConfigError(problems: context.problems)
        }
        return configuration
    }
}
