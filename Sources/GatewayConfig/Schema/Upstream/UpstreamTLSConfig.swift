/// TLS settings toward the upstream: a private CA and an optional client certificate for mutual TLS.
public struct UpstreamTLSConfig: Sendable, Equatable {
    /// PEM file of CA certificates to trust instead of the system roots.
    public var caFile: String?
    /// PEM client certificate (always together with `keyFile`).
    public var certFile: String?
    /// PEM private key of the client certificate.
    public var keyFile: String?

    /// Creates upstream TLS settings.
    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
    }
}

extension UpstreamTLSConfig {
    /// Reads `{ ca_file, cert_file, key_file }`; cert and key must come together.
    static func read(from block: MappingReader) -> UpstreamTLSConfig {
        let caFile = block.file("ca_file")
        let certFile = block.file("cert_file")
        let keyFile = block.file("key_file")
        if block.has("cert_file") != block.has("key_file") {
            block.context.report(block.path, "cert_file and key_file must be given together")
        }
        block.finish()
        return UpstreamTLSConfig(caFile: caFile, certFile: certFile, keyFile: keyFile)
    }
}
