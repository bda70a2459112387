import Foundation
import Yams

/// What every reader needs while walking one file: the problem list, the environment for `${VAR}`,
/// and the directory that relative file paths resolve against.
///
/// Used by one synchronous load only, never shared across threads.
final class ConfigReadContext {
    private(set) var problems: [ConfigProblem] = []
    let environment: [String: String]
    let baseDirectory: String

    init(environment: [String: String], baseDirectory: String) {
        self.environment = environment
        self.baseDirectory = baseDirectory
    }

    /// Records a problem at a key path.
    func report(_ path: ConfigPath, _ message: String) {
        problems.append(ConfigProblem(path: path.description, message: message))
    }

    /// YAML's spellings of "no value": an empty plain scalar, `~` or `null`.
    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The scalar's text after `${VAR}` expansion; reports and returns `nil` for non-scalars or bad variables.
    func scalar(_ node: Node, at path: ConfigPath, expecting expectation: String = "expected a string") -> String? {
        guard case .scalar(let scalar) = node else {
            report(path, expectation)
            return nil
        }
        let expansion = VariableExpansion.expand(scalar.string, environment: environment)
        guard expansion.problems.isEmpty else {
            for problem in expansion.problems { report(path, problem.message) }
            return nil
        }
        return expansion.value
    }

    /// A mapping reader for `node`; reports and returns `nil` when it is not a mapping.
    func mapping(_ node: Node, at path: ConfigPath) -> MappingReader? {
        guard case .mapping(let mapping) = node else {
            report(path, "expected a mapping")
            return nil
        }
        return MappingReader(mapping, at: path, context: self)
    }

    /// The elements of a list with their paths; reports and returns `nil` when `node` is not a list.
    func sequence(_ node: Node, at path: ConfigPath) -> [(node: Node, path: ConfigPath)]? {
        guard case .sequence(let sequence) = node else {
            report(path, "expected a list")
            return nil
        }
        return sequence.enumerated().map { (node: $0.element, path: path.index($0.offset)) }
    }

    /// Resolves a file path from the config against the config's directory and checks it can be read.
    func readableFile(_ value: String, at path: ConfigPath, pem: Bool) -> String? {
        let resolved = value.hasPrefix("/")
            ? value
            : URL(fileURLWithPath: baseDirectory).appendingPathComponent(value).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            report(path, "file \(resolved) does not exist")
            return nil
        }
        guard FileManager.default.isReadableFile(atPath: resolved), let contents = FileManager.default.contents(atPath: resolved) else {
            report(path, "file \(resolved) is not readable")
            return nil
        }
        if pem, !String(decoding: contents, as: UTF8.self).contains("-----BEGIN ") {
            report(path, "file \(resolved) is not PEM (no -----BEGIN line)")
            return nil
        }
        return resolved
    }
}
