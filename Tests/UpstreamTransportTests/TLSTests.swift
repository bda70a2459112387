import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Testing
import UpstreamTransport

@Suite(.enabled(if: TestCertificates.openssl != nil, "needs the openssl command line tool to make a test certificate"))
struct TLSTests {
    private static func serverContext(_ certificates: TestCertificates, requireClientCertificate trusted: TestCertificates? = nil) throws
        -> NIOSSLContext
    {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificates.certFile).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certificates.keyFile, format: .pem))
        )
        if let trusted {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(trusted.certFile))
        }
        return try NIOSSLContext(configuration: configuration)
    }

    private static func configuration(caFile: String?, verifyHostname: Bool = true, client: TestCertificates? = nil)
        -> UpstreamPoolConfiguration
    {
        var configuration = UpstreamPoolConfiguration()
        configuration.tls = UpstreamTLSOptions(
            caFile: caFile, certFile: client?.certFile, keyFile: client?.keyFile, verifyHostname: verifyHostname
        )
        return configuration
    }

    @Test func httpsWithAPrivateCAWorksAndReusesTheConnection() async throws {
        let certificates = try TestCertificates.make()
        try await withPool(configuration: Self.configuration(caFile: certificates.certFile)) { group, pool in
            let server = try await TestHTTPServer.start(group: group, tls: try Self.serverContext(certificates))
            let endpoint = local(server.port, scheme: .https, host: "localhost")
            let loop = group.next()
            for _ in 0..<3 {
                let response = try await pool.send(to: endpoint, on: loop)
                #expect(response.text == "hello")
            }
            #expect(server.log.opened == 1)
            #expect(server.requests.first?.head.headers["host"] == ["localhost:\(server.port)"])
            await server.stop()
        }
    }

    @Test func certificateForAnotherNameFailsWithTLSFailure() async throws {
        let certificates = try TestCertificates.make()
        try await withPool(configuration: Self.configuration(caFile: certificates.certFile)) { group, pool in
            let server = try await TestHTTPServer.start(group: group, tls: try Self.serverContext(certificates))
            // The certificate names localhost only, not the IP address.
            let error = await #expect(throws: UpstreamError.self) {
                try await pool.send(to: local(server.port, scheme: .https, host: "127.0.0.1"), on: group.next())
            }
            guard case .tlsFailure? = error else {
                Issue.record("expected tlsFailure, got \(String(describing: error))")
                return
            }
            #expect(server.requests.isEmpty)
            await server.stop()
        }
    }

    @Test func hostnameVerificationCanBeTurnedOff() async throws {
        let certificates = try TestCertificates.make()
        let configuration = Self.configuration(caFile: certificates.certFile, verifyHostname: false)
        try await withPool(configuration: configuration) { group, pool in
            let server = try await TestHTTPServer.start(group: group, tls: try Self.serverContext(certificates))
            let response = try await pool.send(to: local(server.port, scheme: .https, host: "127.0.0.1"), on: group.next())
            #expect(response.text == "hello")
            await server.stop()
        }
    }

    @Test func untrustedCertificateFailsWithTLSFailure() async throws {
        let certificates = try TestCertificates.make()
        try await withPool(configuration: Self.configuration(caFile: nil)) { group, pool in
            let server = try await TestHTTPServer.start(group: group, tls: try Self.serverContext(certificates))
            let error = await #expect(throws: UpstreamError.self) {
                try await pool.send(to: local(server.port, scheme: .https, host: "localhost"), on: group.next())
            }
            guard case .tlsFailure? = error else {
                Issue.record("expected tlsFailure, got \(String(describing: error))")
                return
            }
            await server.stop()
        }
    }

    @Test func clientCertificateIsPresented() async throws {
        let serverCertificates = try TestCertificates.make()
        let clientCertificates = try TestCertificates.make(commonName: "gateway", subjectAltName: "DNS:gateway")
        let serverContext = try Self.serverContext(serverCertificates, requireClientCertificate: clientCertificates)
        let withCertificate = Self.configuration(caFile: serverCertificates.certFile, client: clientCertificates)
        try await withPool(configuration: withCertificate) { group, pool in
            let server = try await TestHTTPServer.start(group: group, tls: serverContext)
            let response = try await pool.send(to: local(server.port, scheme: .https, host: "localhost"), on: group.next())
            #expect(response.text == "hello")
            await server.stop()
        }
        try await withPool(configuration: Self.configuration(caFile: serverCertificates.certFile)) { group, pool in
            let server = try await TestHTTPServer.start(group: group, tls: serverContext)
            let error = await #expect(throws: UpstreamError.self) {
                try await pool.send(to: local(server.port, scheme: .https, host: "localhost"), on: group.next())
            }
            guard case .tlsFailure? = error else {
                Issue.record("expected tlsFailure, got \(String(describing: error))")
                return
            }
            #expect(server.requests.isEmpty)
            await server.stop()
        }
    }

    @Test func unreadableTLSFilesFailAtInit() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let missingCA = Self.configuration(caFile: "/nonexistent/ca.pem")
        #expect(throws: UpstreamError.tlsFailure("cannot load CA file /nonexistent/ca.pem")) {
            _ = try NIOUpstreamPool(group: group, configuration: missingCA)
        }
        var certificateWithoutKey = UpstreamPoolConfiguration()
        certificateWithoutKey.tls.certFile = "/nonexistent/cert.pem"
        #expect(throws: UpstreamError.self) {
            _ = try NIOUpstreamPool(group: group, configuration: certificateWithoutKey)
        }
    }
}
