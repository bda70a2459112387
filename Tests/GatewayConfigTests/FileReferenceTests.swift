import GatewayConfig
import Testing

@Suite("Files named in the configuration")
struct FileReferenceTests {
    @Test("relative paths resolve against the config file's directory, absolute ones stay")
    func relativeAndAbsolute() throws {
        let directory = try TemporaryDirectory()
        let keyPath = try directory.writePEM("keys/partner.pem")
        let other = try TemporaryDirectory()
        let certPath = try other.writePEM("cert.pem")
        try directory.writePEM("conf/../tls/key.pem")
        let path = try directory.write("gateway.yml", Fixture.withUpstream("""
            url: https://h/Cust1
            credentials:
              system_user: { token: t, private_key_file: keys/partner.pem, context: Cust1, environment: sod }
            """) + "\nlisten: { tls: { cert_file: \(certPath), key_file: ./tls/key.pem } }\n")
        let configuration = try ConfigLoader.load(path: path, environment: [:])
        guard case .systemUser(let systemUser) = configuration.upstream.credentials else {
            Issue.record("expected system_user credentials")
            return
        }
        #expect(systemUser.privateKeyFile == keyPath)
        #expect(configuration.listen.tls?.certFile == certPath)
        #expect(configuration.listen.tls?.keyFile == directory.path + "/tls/key.pem")
    }

    @Test("a missing key file is reported with its resolved path")
    func missingKeyFile() throws {
        let directory = try TemporaryDirectory()
        let yaml = Fixture.withUpstream("""
            url: https://h/Cust1
            credentials:
              system_user: { token: t, private_key_file: missing.pem, context: Cust1, environment: sod }
            """)
        #expect(Fixture.problems(yaml, baseDirectory: directory.path) == [
            "upstream.credentials.system_user.private_key_file: file \(directory.path)/missing.pem does not exist",
        ])
    }

    @Test("a file that is not PEM is reported")
    func notPEM() throws {
        let directory = try TemporaryDirectory()
        try directory.write("cert.der", "binary")
        try directory.writePEM("key.pem")
        let yaml = Fixture.minimal("listen: { tls: { cert_file: cert.der, key_file: key.pem } }")
        #expect(Fixture.problems(yaml, baseDirectory: directory.path) == [
            "listen.tls.cert_file: file \(directory.path)/cert.der is not PEM (no -----BEGIN line)",
        ])
    }

    @Test("a directory is not a file")
    func directoryIsNotAFile() throws {
        let directory = try TemporaryDirectory()
        try directory.writePEM("tls/key.pem")
        let yaml = Fixture.minimal("listen: { tls: { cert_file: tls, key_file: tls/key.pem } }")
        #expect(Fixture.problems(yaml, baseDirectory: directory.path) == [
            "listen.tls.cert_file: file \(directory.path)/tls does not exist",
        ])
    }

    @Test("upstream client certificate and key must come together")
    func upstreamCertWithoutKey() throws {
        let directory = try TemporaryDirectory()
        try directory.writePEM("client.pem")
        let yaml = Fixture.withUpstream("url: https://h/Cust1\ntls: { cert_file: client.pem }\ncredentials: { ticket: t }")
        #expect(Fixture.problems(yaml, baseDirectory: directory.path) == [
            "upstream.tls: cert_file and key_file must be given together",
        ])
    }

    @Test("listener TLS needs both files")
    func listenerTLSNeedsBothFiles() throws {
        let directory = try TemporaryDirectory()
        try directory.writePEM("cert.pem")
        let yaml = Fixture.minimal("listen: { tls: { cert_file: cert.pem } }")
        #expect(Fixture.problems(yaml, baseDirectory: directory.path) == ["listen.tls.key_file: missing required key"])
    }
}
