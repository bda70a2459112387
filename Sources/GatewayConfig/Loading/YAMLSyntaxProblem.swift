import Yams

/// Turns a Yams error into one problem with line and column, leaving out the source snippet Yams would quote,
/// because that snippet could be a line holding a secret.
enum YAMLSyntaxProblem {
    static func problem(for error: any Error, in yaml: String) -> ConfigProblem {
        ConfigProblem(path: ConfigPath.fileName, message: message(for: error, in: yaml))
    }

    private static func message(for error: any Error, in yaml: String) -> String {
        guard let yamlError = error as? YamlError else {
            return "not valid YAML"
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var text = "not valid YAML at line \(mark.line), column \(mark.column): \(problem)"
            if let context {
                text += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            return text
        case .reader(let problem, let offset, _, _):
            guard let offset, let (line, column) = lineAndColumn(ofCharacterOffset: offset, in: yaml) else {
                return "not valid YAML: \(problem)"
            }
            return "not valid YAML at line \(line), column \(column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.joined(separator: ", ")
            return "not valid YAML at line \(context.mark.line), column \(context.mark.column): duplicate key \(keys)"
        case .dataCouldNotBeDecoded:
            return "not valid YAML: the file is not UTF-8 text"
        case .no, .memory, .writer, .emitter, .representer:
            return "not valid YAML"
        }
    }

    /// 1-based line and column of a character offset.
    private static func lineAndColumn(ofCharacterOffset offset: Int, in text: String) -> (Int, Int)? {
        guard offset >= 0, offset <= text.count else { return nil }
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
