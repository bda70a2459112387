import Foundation
import GatewayConfig
import Testing

/// The partner listener over TLS, checked with the system's `openssl` and `curl` as independent clients:
/// HTTPS over HTTP/1.1, HTTP/2 by ALPN, and a reloaded certificate reaching new connections.
@Suite("TLS listener", .enabled(if: TLSTool.openssl != nil && TLSTool.curl != nil, "needs openssl and curl on PATH"))
struct TLSListenerTests {
    @Test("An HTTPS request over HTTP/1.1 is proxied end to end")
    func http1OverTLS() async throws {
        let dir = try TLSTool.temporaryDirectory()
        let cert = try await TLSTool.selfSigned(commonName: "gateway-one", in: dir)
        try await withHarness(yaml: { TLSTool.yaml(standInURL: $0, cert: cert) }) { h in
            let port = try #require(h.gateway.port)
            let result = try await TLSTool.curl(port: port, extra: ["--http1.1"])
            #expect(result.status == 0, "curl failed: \(result.stderr)")
            #expect(result.stdout.hasSuffix("\n200 1.1"), "body/status/version: \(result.stdout)")
            #expect(result.stdout.contains("Contact"), "the stand-in's contact did not come through: \(result.stdout)")
        }
    }

    @Test("HTTP/2 is offered by ALPN and a request over it is proxied", .enabled(if: TLSTool.curlSupportsHTTP2, "curl without HTTP2"))
    func http2ByALPN() async throws {
        let dir = try TLSTool.temporaryDirectory()
        let cert = try await TLSTool.selfSigned(commonName: "gateway-one", in: dir)
        try await withHarness(yaml: { TLSTool.yaml(standInURL: $0, cert: cert) }) { h in
            let port = try #require(h.gateway.port)
            let result = try await TLSTool.curl(port: port, extra: ["--http2"])
            #expect(result.status == 0, "curl failed: \(result.stderr)")
            #expect(result.stdout.hasSuffix("\n200 2"), "body/status/version: \(result.stdout)")
            #expect(result.stderr.contains("ALPN: server accepted h2"), "ALPN did not pick h2: \(result.stderr)")
        }
    }

    @Test("With http2: false the listener offers only HTTP/1.1")
    func http2Disabled() async throws {
        let dir = try TLSTool.temporaryDirectory()
        let cert = try await TLSTool.selfSigned(commonName: "gateway-one", in: dir)
        try await withHarness(yaml: { TLSTool.yaml(standInURL: $0, cert: cert, http2: false) }) { h in
            let port = try #require(h.gateway.port)
            let result = try await TLSTool.curl(port: port, extra: ["--http2"])
            #expect(result.status == 0, "curl failed: \(result.stderr)")
            #expect(result.stdout.hasSuffix("\n200 1.1"), "body/status/version: \(result.stdout)")
        }
    }

    @Test("A reload with a new certificate serves it to new connections")
    func reloadSwapsCertificate() async throws {
        let dir = try TLSTool.temporaryDirectory()
        let first = try await TLSTool.selfSigned(commonName: "gateway-one", in: dir)
        let second = try await TLSTool.selfSigned(commonName: "gateway-two", in: dir)
        try await withHarness(yaml: { TLSTool.yaml(standInURL: $0, cert: first) }) { h in
            let port = try #require(h.gateway.port)
            let before = try await TLSTool.curl(port: port, extra: ["--http1.1"])
            #expect(before.stderr.contains("CN=gateway-one"), "first certificate not served: \(before.stderr)")

            let yaml = TLSTool.yaml(standInURL: h.standIn.baseURL, cert: second)
            try h.gateway.reload(try ConfigLoader.parse(yaml: yaml, environment: [:], baseDirectory: dir.path))
            let after = try await TLSTool.curl(port: port, extra: ["--http1.1"])
            #expect(after.status == 0, "curl failed after reload: \(after.stderr)")
            #expect(after.stdout.hasSuffix("\n200 1.1"))
            #expect(after.stderr.contains("CN=gateway-two"), "new certificate not served after reload: \(after.stderr)")
            #expect(!after.stderr.contains("CN=gateway-one"))
        }
    }

    @Test("A reload naming a broken certificate is refused and the old certificate stays")
    func brokenCertificateKeepsOld() async throws {
        let dir = try TLSTool.temporaryDirectory()
        let first = try await TLSTool.selfSigned(commonName: "gateway-one", in: dir)
        let broken = TLSTool.CertificatePair(
            certFile: dir.appendingPathComponent("broken.pem").path, keyFile: first.keyFile
        )
        try "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"
            .write(toFile: broken.certFile, atomically: true, encoding: .utf8)
        try await withHarness(yaml: { TLSTool.yaml(standInURL: $0, cert: first) }) { h in
            let port = try #require(h.gateway.port)
            let yaml = TLSTool.yaml(standInURL: h.standIn.baseURL, cert: broken)
            #expect(throws: (any Error).self) {
                try h.gateway.reload(try ConfigLoader.parse(yaml: yaml, environment: [:], baseDirectory: dir.path))
            }
            let after = try await TLSTool.curl(port: port, extra: ["--http1.1"])
            #expect(after.status == 0, "curl failed after refused reload: \(after.stderr)")
            #expect(after.stderr.contains("CN=gateway-one"))
        }
    }
}
