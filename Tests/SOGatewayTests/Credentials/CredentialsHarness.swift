import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SOGateway
import SuperOfficeStandIn
import Testing
import UpstreamTransport

/// gateway.yml fragments and checks shared by the credential-lifecycle integration tests.
enum CredentialsYAML {
    /// One partner (partner-a) using `credentials` as the upstream default, with the admin listener on;
    /// `renewal` is the flow mapping for `upstream.renewal`, when given.
    static func gateway(target: String, credentials: String, appToken: String = "demo-app-token", renewal: String? = nil) -> String {
        """
        listen: { host: 127.0.0.1, port: 0 }
        admin: { listen: { host: 127.0.0.1, port: 0 } }
        upstream:
          \(target)
          app_token: \(appToken)
          timeout: 5s
          \(renewal.map { "renewal: \($0)" } ?? "")
          credentials:
            \(credentials)
        clients:
          - name: partner-a
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerA))" ]
        limits: { max_body: 64KiB, header_timeout: 2s, body_timeout: 2s, idle_timeout: 5s }
        """
    }

    static func url(_ standInURL: String) -> String {
        "url: \(standInURL)/Cust12345"
    }
}

extension TestHarness {
    /// GET `/readyz` on the admin listener: status and body.
    func readiness() async throws -> (HTTPResponseStatus, String) {
        let port = try #require(gateway.adminPort)
        let response = try await client.send(.GET, "/readyz", port: port, timeout: .seconds(10))
        return (response.status, response.text)
    }

    /// Sends `count` requests at once and returns their statuses.
    func concurrently(_ count: Int, _ target: String = "/api/v1/Contact/5") async throws -> [HTTPResponseStatus] {
        try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
            for _ in 0..<count {
                group.addTask { try await self.send(.GET, target).status }
            }
            var statuses: [HTTPResponseStatus] = []
            for try await status in group { statuses.append(status) }
            return statuses
        }
    }

    /// Fails the test when any captured log line contains one of `secrets` or a SuperOffice ticket/token prefix.
    func expectNoSecretsLogged(_ secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = logs.all
        #expect(!lines.isEmpty, "the gateway should have logged something", sourceLocation: sourceLocation)
        for line in lines {
            for secret in secrets where !secret.isEmpty {
                #expect(!line.contains(secret), "a log line contains a secret: \(line.prefix(120))", sourceLocation: sourceLocation)
            }
            #expect(!line.contains("7T:") && !line.contains("8A:"), "a log line contains a credential", sourceLocation: sourceLocation)
        }
    }

    /// Every credential value SuperOffice saw from the gateway (Authorization after the scheme, cookies, XSRF).
    var upstreamCredentialValues: [String] {
        standIn.received.flatMap { request -> [String] in
            var values: [String] = []
            if let authorization = request.header("Authorization"), let space = authorization.firstIndex(of: " ") {
                values.append(String(authorization[authorization.index(after: space)...]))
            }
            if let cookie = request.header("Cookie") {
                values += cookie.split(separator: ";").compactMap { $0.split(separator: "=", maxSplits: 1).last.map(String.init) }
            }
            if let xsrf = request.header("X-XSRF-TOKEN") { values.append(xsrf) }
            return values
        }
    }
}

extension GatewayAnswer {
    /// The `detail` of a problem+json answer.
    var problemDetail: String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] else { return nil }
        return object["detail"] as? String
    }
}
