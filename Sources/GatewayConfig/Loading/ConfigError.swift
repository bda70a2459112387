/// Every problem found in a configuration at once, so one run of the loader shows the operator all fixes needed.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems in the order they were found; never empty when thrown by the loader.
    public var problems: [ConfigProblem]

    /// Creates an error carrying problems.
    public init(problems: [ConfigProblem]) {
        self.problems = problems
    }

    /// One problem per line, each as `path: message`.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
