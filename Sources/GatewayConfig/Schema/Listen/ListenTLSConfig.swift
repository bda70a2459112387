/// TLS for a gateway listener; HTTP/2 is offered through ALPN only when TLS is on.
public struct ListenTLSConfig: Sendable, Equatable {
    /// Absolute path of the PEM certificate chain.
    public var certFile: String
    /// Absolute path of the PEM private key.
    public var keyFile: String
    /// Whether to offer HTTP/2 (`h2`) through ALPN besides HTTP/1.1.
    public var http2: Bool

    /// Creates listener TLS settings.
    public init(certFile: String, keyFile: String, http2: Bool = true) {
        self.certFile = certFile
        self.keyFile = keyFile
        self.http2 = http2
    }
}

extension ListenTLSConfig {
    /// Reads `{ cert_file, key_file, http2 }`; both files must exist.
    static func read(from block: MappingReader) -> ListenTLSConfig? {
        let certFile = block.file("cert_file", required: true)
        let keyFile = block.file("key_file", required: true)
        let http2 = block.bool("http2", default: true)
        block.finish()
        guard let certFile, let keyFile else { return nil }
        return ListenTLSConfig(certFile: certFile, keyFile: keyFile, http2: http2)
    }
}
