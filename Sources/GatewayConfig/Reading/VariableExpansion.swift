/// Replaces `${VAR}` in scalar values with environment values, so secrets stay out of the file; `$$` is a literal `$`.
enum VariableExpansion {
    /// Expands every `${NAME}` and `$$` in `value`.
    ///
    /// A `$` followed by anything else stays as it is.
    /// - Returns: the expanded text, and one problem per variable that is missing or malformed
    ///   (the text is only meaningful when there are none).
    static func expand(_ value: String, environment: [String: String]) -> (value: String, problems: [ValueProblem]) {
        guard value.contains("$") else { return (value, []) }
        var output = ""
        var problems: [ValueProblem] = []
        var rest = value[...]
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let afterDollar = rest.index(after: dollar)
            guard afterDollar < rest.endIndex else {
                output += "$"
                rest = rest[afterDollar...]
                break
            }
            switch rest[afterDollar] {
            case "$":
                output += "$"
                rest = rest[rest.index(after: afterDollar)...]
            case "{":
                let nameStart = rest.index(after: afterDollar)
                guard let close = rest[nameStart...].firstIndex(of: "}") else {
                    problems.append(ValueProblem("unterminated ${ (write $$ for a literal $)"))
                    return (output, problems)
                }
                let name = String(rest[nameStart..<close])
                if !isValidName(name) {
                    problems.append(ValueProblem("invalid environment variable name in ${\(name)}"))
                } else if let replacement = environment[name] {
                    output += replacement
                } else {
                    problems.append(ValueProblem("environment variable \(name) is not set"))
                }
                rest = rest[rest.index(after: close)...]
            default:
                output += "$"
                rest = rest[afterDollar...]
            }
        }
        output += rest
        return (output, problems)
    }

    /// POSIX-style names: a letter or underscore, then letters, digits or underscores.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || isASCIILetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) }
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
