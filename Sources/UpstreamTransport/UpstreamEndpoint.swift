/// Where upstream calls go: the connection pool keys its keep-alive connections by this value.
public struct UpstreamEndpoint: Sendable, Hashable {
    /// The transport protocol toward the upstream.
    public enum Scheme: String, Sendable {
        case http
        case https

        /// The port used when a URL names none.
        public var defaultPort: Int {
            switch self {
            case .http: return 80
            case .https: return 443
            }
        }
    }

    /// http or https.
    public var scheme: Scheme
    /// Host name or IP address literal (IPv6 without brackets).
    public var host: String
    /// TCP port, 1...65535.
    public var port: Int

    /// Names an endpoint directly.
    public init(scheme: Scheme, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses the scheme, host and port of an absolute http(s) URL; the path, query and fragment are ignored.
    ///
    /// `"https://online3.superoffice.com/Cust12345"` gives https, `online3.superoffice.com`, 443.
    /// Returns nil for other schemes, user info, an empty host or a port outside 1...65535.
    public init?(url: String) {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        guard let scheme = Scheme(rawValue: url[..<schemeEnd.lowerBound].lowercased()) else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }

        let hostPart: Substring
        let portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let afterBracket = authority[authority.index(after: close)...]
            if afterBracket.isEmpty {
                portPart = nil
            } else if afterBracket.hasPrefix(":") {
                portPart = afterBracket.dropFirst()
            } else {
                return nil
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
            portPart = nil
        }
        guard !hostPart.isEmpty, !hostPart.contains(":") || authority.hasPrefix("[") else { return nil }

        let port: Int
        if let portPart {
            guard !portPart.isEmpty, portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
                let parsed = Int(portPart), (1...65535).contains(parsed)
            else { return nil }
            port = parsed
        } else {
            port = scheme.defaultPort
        }
        self.init(scheme: scheme, host: hostPart.lowercased(), port: port)
    }

    /// The value of the Host header: `host`, or `host:port` when the port is not the scheme's default.
    public var hostHeader: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return self.port == self.scheme.defaultPort ? host : "\(host):\(self.port)"
    }
}

extension UpstreamEndpoint: CustomStringConvertible {
    /// `scheme://host:port`, for error messages; holds no secrets.
    public var description: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "\(self.scheme.rawValue)://\(host):\(self.port)"
    }
}
