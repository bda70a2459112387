/// Where a SuperOffice environment's login and discovery services live: `https://{sod|qaonline|online}.superoffice.com`,
/// or an explicit URL for on-site installations and test stand-ins.
public struct SuperOfficeEnvironment: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The environment's root, e.g. `https://online.superoffice.com`.
    public var baseURL: UpstreamURL
    /// `sod`, `qaonline` or `online` when named; `nil` when configured by URL.
    public var name: String?

    /// The names SuperOffice Online uses for its development, stage and production environments.
    public static let knownNames = ["sod", "qaonline", "online"]

    /// Creates an environment from its root URL.
    public init(baseURL: UpstreamURL, name: String? = nil) {
        self.baseURL = baseURL
        self.name = name
    }

    /// The named Online environment, or `nil` for an unknown name.
    public static func parse(name: String) -> SuperOfficeEnvironment? {
        guard knownNames.contains(name) else { return nil }
        return SuperOfficeEnvironment(baseURL: UpstreamURL(scheme: "https", host: "\(name).superoffice.com"), name: name)
    }

    /// An environment given by URL, or `nil` when `url` is not an absolute http(s) URL.
    public static func parse(url: String) -> SuperOfficeEnvironment? {
        UpstreamURL.parse(url).map { SuperOfficeEnvironment(baseURL: $0) }
    }

    /// A readable form for logs.
    public var description: String {
        name ?? baseURL.string
    }
}

extension SuperOfficeEnvironment {
    /// Reads `environment: sod|qaonline|online` or `environment_url: <URL>` from a block; exactly one is allowed.
    ///
    /// - Parameter required: whether a block without either key is a problem.
    static func read(from block: MappingReader, required: Bool) -> SuperOfficeEnvironment? {
        let hasName = block.has("environment")
        let hasURL = block.has("environment_url")
        let name = block.string("environment")
        let url = block.string("environment_url")
        if hasName, hasURL {
            block.context.report(block.path, "expected exactly one of environment, environment_url")
            return nil
        }
        if let name {
            guard let environment = parse(name: name) else {
                block.context.report(block.path("environment"), "expected one of sod, qaonline, online (or use environment_url)")
                return nil
            }
            return environment
        }
        if let url {
            switch UpstreamURL.validate(url) {
            case .success(let baseURL):
                return SuperOfficeEnvironment(baseURL: baseURL)
            case .failure(let problem):
                block.context.report(block.path("environment_url"), problem.message)
                return nil
            }
        }
        if required, !hasName, !hasURL {
            block.context.report(block.path, "expected exactly one of environment, environment_url")
        }
        return nil
    }
}
