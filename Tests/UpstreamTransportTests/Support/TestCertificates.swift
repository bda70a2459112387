import Foundation

/// A self-signed certificate and key made with the `openssl` command line tool for one test run.
struct TestCertificates {
    let certFile: String
    let keyFile: String

    /// The openssl binary, if this machine has one.
    static var openssl: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/openssl"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// Creates a certificate for `commonName` with the given subjectAltName, valid for two days.
    static func make(commonName: String = "localhost", subjectAltName: String = "DNS:localhost") throws -> TestCertificates {
        guard let openssl = Self.openssl else { throw Missing() }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("upstream-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certFile = directory.appendingPathComponent("cert.pem").path
        let keyFile = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: openssl)
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", keyFile, "-out", certFile, "-days", "2",
            "-subj", "/CN=\(commonName)", "-addext", "subjectAltName=\(subjectAltName)",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failed(status: process.terminationStatus) }
        return TestCertificates(certFile: certFile, keyFile: keyFile)
    }

    struct Missing: Error {}
    struct Failed: Error { let status: Int32 }
}
