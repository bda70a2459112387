import Foundation
import Testing

/// Runs `openssl` and `curl` for the TLS tests; output goes to files so no pipe can fill up and block.
enum TLSTool {
    struct CertificatePair: Sendable {
        let certFile: String
        let keyFile: String
    }

    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let openssl: String? = which("openssl")
    static let curl: String? = which("curl")

    /// `curl --version` lists `HTTP2` in its features when built with nghttp2.
    static let curlSupportsHTTP2: Bool = {
        guard let curl else { return false }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("curl-version-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: curl)
        process.arguments = ["--version"]
        guard FileManager.default.createFile(atPath: out.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: out) else { return false }
        process.standardOutput = handle
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        try? handle.close()
        let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: out)
        return text.split(separator: "\n").contains { $0.hasPrefix("Features:") && $0.split(separator: " ").contains("HTTP2") }
    }()

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("so-gw-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A fresh self-signed EC certificate for 127.0.0.1 with the given common name.
    static func selfSigned(commonName: String, in dir: URL) async throws -> CertificatePair {
        let openssl = try #require(openssl)
        let pair = CertificatePair(
            certFile: dir.appendingPathComponent("\(commonName).pem").path,
            keyFile: dir.appendingPathComponent("\(commonName)-key.pem").path
        )
        let result = try await run(openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", pair.keyFile, "-out", pair.certFile, "-days", "2",
            "-subj", "/CN=\(commonName)", "-addext", "subjectAltName=IP:127.0.0.1",
        ])
        guard result.status == 0 else { throw TLSToolError.openssl(result.stderr) }
        return pair
    }

    /// GET /api/v1/Contact/5 over HTTPS; stdout is the body, then `\n<status> <http version>`.
    static func curl(port: Int, extra: [String]) async throws -> Result {
        let curl = try #require(curl)
        return try await run(curl, [
            "-sk", "-v", "--max-time", "10", "-H", "X-API-Key: \(TestKeys.partnerA)",
            "-w", "\\n%{http_code} %{http_version}",
        ] + extra + ["https://127.0.0.1:\(port)/api/v1/Contact/5"])
    }

    static func yaml(standInURL: String, cert: CertificatePair, http2: Bool = true) -> String {
        TestHarness.defaultYAML(standInURL: standInURL).replacingOccurrences(
            of: "listen: { host: 127.0.0.1, port: 0 }",
            with: "listen: { host: 127.0.0.1, port: 0, tls: { cert_file: \"\(cert.certFile)\", key_file: \"\(cert.keyFile)\", http2: \(http2) } }"
        )
    }

    /// Runs a tool to completion off the cooperative pool (termination handler, no blocking wait).
    static func run(_ executable: String, _ arguments: [String]) async throws -> Result {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out")
        let errURL = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try out.close()
        try err.close()
        return Result(
            status: status,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        )
    }
}
