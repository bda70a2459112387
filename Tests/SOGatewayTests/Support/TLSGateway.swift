import Foundation
import Testing

/// A gateway listening with TLS (HTTP/2 offered by ALPN) for the slow-client and flood tests, by default with
/// the limits the outside check uses.
enum TLSGateway {
    /// `limits` as the outside check sets them.
    static let checkLimits = "max_body: 64KiB, header_timeout: 2s, body_timeout: 2s, idle_timeout: 3s, max_connections: 4"

    static func yaml(standInURL: String, cert: TLSTool.CertificatePair, limits: String = checkLimits) -> String {
        TLSTool.yaml(standInURL: standInURL, cert: cert).replacingOccurrences(
            of: "limits: { max_body: 64KiB, header_timeout: 1s, body_timeout: 1s, idle_timeout: 5s }", with: "limits: { \(limits) }"
        )
    }

    /// Runs `body` with a fresh certificate, stand-in and TLS gateway; the second argument is the gateway's port.
    static func with<T>(limits: String = checkLimits, _ body: (TestHarness, Int) async throws -> T) async throws -> T {
        let dir = try TLSTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cert = try await TLSTool.selfSigned(commonName: "gateway-one", in: dir)
        return try await withHarness(yaml: { yaml(standInURL: $0, cert: cert, limits: limits) }) { h in
            try await body(h, try #require(h.gateway.port))
        }
    }

    /// Opens a TLS connection that has finished its handshake with `alpn` chosen.
    static func connect(port: Int, alpn: String) async throws -> PartnerConnection {
        let connection = try await PartnerConnection.connect(port: port, .tls(alpn: [alpn]))
        #expect(await connection.waitForHandshake(), "TLS handshake did not finish")
        #expect(connection.negotiated == alpn)
        return connection
    }

    /// Opens an HTTP/2 connection and sends the client preface and SETTINGS (and acknowledges the gateway's).
    static func connectH2(port: Int) async throws -> PartnerConnection {
        let connection = try await connect(port: port, alpn: "h2")
        await connection.write(H2.start + H2.settingsAck())
        return connection
    }
}
