/// One thing wrong with a configuration file, named by its key path so the operator can find it.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is, like `clients[1].api_keys_sha256[0]`, or `(file)` for the file as a whole.
    public var path: String
    /// What is wrong, without echoing secret values.
    public var message: String

    /// Creates a problem at a key path.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String {
        "\(path): \(message)"
    }
}
