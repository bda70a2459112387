/// An address the gateway accepts connections on.
public struct ListenConfig: Sendable, Equatable {
    /// Host or IP address to bind; loopback by default so nothing is exposed by accident.
    public var host: String
    /// TCP port; 0 picks an ephemeral port (tests).
    public var port: Int
    /// TLS settings; `nil` serves plain HTTP/1.1.
    public var tls: ListenTLSConfig?
    /// Peers whose `X-Forwarded-For` is believed (load balancers in front); empty trusts nobody's.
    public var trustedProxies: [CIDR]

    /// Creates a listener address.
    public init(host: String = "127.0.0.1", port: Int = 8080, tls: ListenTLSConfig? = nil, trustedProxies: [CIDR] = []) {
        self.host = host
        self.port = port
        self.tls = tls
        self.trustedProxies = trustedProxies
    }
}

extension ListenConfig {
    /// Reads `{ host, port, tls, trusted_proxies }`; `allowTLS: false` (the admin listener) reports `tls` and
    /// `trusted_proxies`.
    static func read(from block: MappingReader, allowTLS: Bool = true) -> ListenConfig {
        let defaults = ListenConfig()
        var host = defaults.host
        if let value = block.string("host") {
            if value.isEmpty || value.contains(where: \.isWhitespace) {
                block.context.report(block.path("host"), "expected a host name or IP address")
            } else {
                host = value
            }
        }
        let port = block.int("port", default: defaults.port, in: 0...65535)
        var tls: ListenTLSConfig?
        if allowTLS {
            tls = block.mapping("tls").flatMap(ListenTLSConfig.read(from:))
        } else if block.node("tls") != nil {
            block.context.report(block.path("tls"), "TLS is not supported on the admin listener; keep it on a private address")
        }
        var trustedProxies: [CIDR] = []
        if allowTLS {
            trustedProxies = CIDRList.read("trusted_proxies", from: block).ranges ?? []
        }
        block.finish()
        return ListenConfig(host: host, port: port, tls: tls, trustedProxies: trustedProxies)
    }
}
