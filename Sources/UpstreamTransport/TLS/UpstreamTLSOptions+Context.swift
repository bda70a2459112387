import NIOSSL

extension UpstreamTLSOptions {
    /// Builds the one client TLS context every https connection of a pool shares.
    ///
    /// System trust roots plus `caFile`; the client certificate when both files are given.
    /// Throws `UpstreamError.tlsFailure` naming the file that could not be loaded (never its contents).
    func makeClientContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = self.verifyHostname ? .fullVerification : .noHostnameVerification
        configuration.applicationProtocols = ["http/1.1"]

        if let caFile = self.caFile {
            let roots: [NIOSSLCertificate]
            do {
                roots = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw UpstreamError.tlsFailure("cannot load CA file \(caFile)")
            }
            guard !roots.isEmpty else { throw UpstreamError.tlsFailure("CA file \(caFile) holds no certificate") }
            configuration.additionalTrustRoots = [.certificates(roots)]
        }

        switch (self.certFile, self.keyFile) {
        case (nil, nil):
            break
        case (let certFile?, let keyFile?):
            let chain: [NIOSSLCertificate]
            do {
                chain = try NIOSSLCertificate.fromPEMFile(certFile)
            } catch {
                throw UpstreamError.tlsFailure("cannot load client certificate file \(certFile)")
            }
            guard !chain.isEmpty else {
                throw UpstreamError.tlsFailure("client certificate file \(certFile) holds no certificate")
            }
            let key: NIOSSLPrivateKey
            do {
                key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
            } catch {
                throw UpstreamError.tlsFailure("cannot load client key file \(keyFile)")
            }
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(key)
        default:
            throw UpstreamError.tlsFailure("a client certificate needs both certFile and keyFile")
        }

        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw UpstreamError.tlsFailure("cannot create the TLS context: \(error)")
        }
    }
}
