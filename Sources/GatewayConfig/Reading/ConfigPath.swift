/// The key path of a value in gateway.yml, rendered the way problems name it: `clients[1].api_keys_sha256[0]`.
struct ConfigPath: Sendable, Equatable, CustomStringConvertible {
    /// What the file as a whole is called in problems.
    static let fileName = "(file)"

    /// The top of the document.
    static let root = ConfigPath(text: "")

    private let text: String

    private init(text: String) {
        self.text = text
    }

    /// The path of a key inside the mapping at this path.
    func key(_ name: String) -> ConfigPath {
        ConfigPath(text: text.isEmpty ? name : "\(text).\(name)")
    }

    /// The path of an element inside the list at this path.
    func index(_ position: Int) -> ConfigPath {
        ConfigPath(text: "\(text)[\(position)]")
    }

    var description: String {
        text.isEmpty ? Self.fileName : text
    }
}
