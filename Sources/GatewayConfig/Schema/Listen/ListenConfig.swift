/// An address the gateway accepts connections on.
public struct ListenConfig: Sendable, Equatable {
    /// Host or IP address to bind; loopback by default so nothing is exposed by accident.
    public var host: String
    /// TCP port; 0 picks an ephemeral port (tests).
    public var port: Int
    /// TLS settings; `nil` serves plain HTTP/1.1.
    public var tls: ListenTLSConfig?

    /// Creates a listener address.
    public init(host: String = "127.0.0.1", port: Int = 8080, tls: ListenTLSConfig? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
    }
}

extension ListenConfig {
    /// Reads `{ host, port, tls }`; `allowTLS: false` reports a `tls` key (the admin listener).
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
        block.finish()
        return ListenConfig(host: host, port: port, tls: tls)
    }
}
