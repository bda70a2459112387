/// What the transport trusts and presents on https connections; file paths, so no key material sits in config.
public struct UpstreamTLSOptions: Sendable {
    /// Extra PEM bundle trusted in addition to the system roots (e.g. a private CA in tests or staging).
    public var caFile: String?
    /// PEM client certificate chain, for upstreams that require mutual TLS; needs `keyFile`.
    public var certFile: String?
    /// PEM private key of `certFile`.
    public var keyFile: String?
    /// Check that the certificate names the host. Turn off only for test setups.
    public var verifyHostname = true

    /// Creates options; by default the system roots only, no client certificate, hostname verification on.
    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, verifyHostname: Bool = true) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.verifyHostname = verifyHostname
    }
}
