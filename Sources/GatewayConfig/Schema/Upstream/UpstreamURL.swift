import Foundation

/// An upstream origin plus tenant path (`https://online3.superoffice.com/Cust12345`), split so the transport
/// can connect to host and port and prefix request paths with `basePath`.
public struct UpstreamURL: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// Host name or IP address, without brackets for IPv6.
    public var host: String
    /// Port, 80/443 when the URL names none.
    public var port: Int
    /// Path prefix such as `/Cust12345`, without trailing slash; `""` for none.
    public var basePath: String

    /// Creates a URL from parts; `port` defaults to the scheme's port.
    public init(scheme: String, host: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port ?? (scheme == "https" ? 443 : 80)
        self.basePath = basePath
    }

    /// Whether TLS is used toward this URL.
    public var isTLS: Bool {
        scheme == "https"
    }

    /// `host` or `host:port`, with IPv6 in brackets and the scheme's default port left out: the `Host` header.
    public var authority: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let defaultPort = isTLS ? 443 : 80
        return port == defaultPort ? hostPart : "\(hostPart):\(port)"
    }

    /// The URL as text, e.g. `https://online3.superoffice.com/Cust12345`; `parse` reads it back to an equal value.
    public var string: String {
        "\(scheme)://\(authority)\(basePath)"
    }

    /// A readable form for logs.
    public var description: String {
        string
    }

    /// Parses an absolute `http`/`https` URL without user info, query or fragment; `nil` if it is not one.
    public static func parse(_ text: String) -> UpstreamURL? {
        try? validate(text).get()
    }

    /// Parses like `parse`, saying what is wrong.
    static func validate(_ text: String) -> Result<UpstreamURL, ValueProblem> {
        let expectation = "expected an absolute http or https URL like https://online3.superoffice.com/Cust12345"
        guard let components = URLComponents(string: text), let rawScheme = components.scheme else {
            return .failure(ValueProblem(expectation))
        }
        let scheme = rawScheme.lowercased()
        guard scheme == "http" || scheme == "https" else {
            return .failure(ValueProblem(expectation))
        }
        guard components.user == nil, components.password == nil else {
            return .failure(ValueProblem("user info is not allowed in the URL; configure credentials instead"))
        }
        guard components.query == nil, components.fragment == nil else {
            return .failure(ValueProblem("a query or fragment is not allowed in the URL"))
        }
        guard var host = components.host, !host.isEmpty else {
            return .failure(ValueProblem(expectation))
        }
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        if let port = components.port, !(1...65535).contains(port) {
            return .failure(ValueProblem("the port must be in 1...65535"))
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        guard path.isEmpty || path.hasPrefix("/") else {
            return .failure(ValueProblem(expectation))
        }
        return .success(UpstreamURL(scheme: scheme, host: host.lowercased(), port: components.port, basePath: path))
    }
}
