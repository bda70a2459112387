import GatewayConfig
import NIOConcurrencyHelpers
import NIOSSL

/// The listener's TLS context, replaceable on SIGHUP so renewed certificates apply to new connections.
public final class TLSContextSource: Sendable {
    private let box: NIOLockedValueBox<NIOSSLContext>

    public init(_ config: ListenTLSConfig) throws {
        self.box = NIOLockedValueBox(try Self.makeContext(config))
    }

    public var current: NIOSSLContext { box.withLockedValue { $0 } }

    /// Loads the PEM files again; on failure the old context stays and the error is thrown to the caller.
    public func reload(_ config: ListenTLSConfig) throws {
        let context = try Self.makeContext(config)
        box.withLockedValue { $0 = context }
    }

    static func makeContext(_ config: ListenTLSConfig) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(config.certFile).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: config.keyFile, format: .pem)
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        tls.applicationProtocols = config.http2 ? ["h2", "http/1.1"] : ["http/1.1"]
        tls.minimumTLSVersion = .tlsv12
        return try NIOSSLContext(configuration: tls)
    }
}
