import Foundation
import GatewayConfig
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SuperOfficeStandIn
import SOGateway
import Testing
import UpstreamTransport
import _CryptoExtras

/// System-user sign-in end to end: gateway and stand-in on loopback, real signatures, real JWTs.
struct CredentialsSystemUserIntegrationTests {
    static let systemUserToken = "Gateway Tests-d1f9a7c3e5"

    struct Setup {
        var standIn: StandInConfiguration
        var keyPath: String
        var keyText: String
    }

    /// A stand-in that knows the partner key (or `registeredKey` instead) and a key file in `form`.
    static func setup(form: String = "pem", registeredPublicKeyPEM: String? = nil) throws -> Setup {
        let key = try #require(CredentialsTestKeys.partner)
        let text = form == "xml" ? try #require(CredentialsTestKeys.xml(for: key)) : key.pemRepresentation
        let path = try CredentialsTestKeys.file(text, suffix: form == "xml" ? ".xml" : ".pem")
        let standIn = StandInConfiguration(
            systemUsers: [systemUserToken: (publicKeyPEM: registeredPublicKeyPEM ?? key.publicKey.pemRepresentation, user: "alice")]
        )
        return Setup(standIn: standIn, keyPath: path, keyText: text)
    }

    static func yaml(
        _ standInURL: String, keyPath: String, verify: Bool = true, appToken: String = "demo-app-token", renewal: String? = nil
    ) -> String {
        CredentialsYAML.gateway(
            target: CredentialsYAML.url(standInURL),
            credentials: """
                system_user: { token: "\(systemUserToken)", private_key_file: \(keyPath), context: Cust12345, environment_url: \(standInURL), verify: \(verify) }
                """,
            appToken: appToken, renewal: renewal
        )
    }

    @Test func aSignedTokenIsExchangedForATicketThatIsKeptAndSentWithTheAppToken() async throws {
        let setup = try Self.setup()
        defer { try? FileManager.default.removeItem(atPath: setup.keyPath) }
        try await withHarness(standIn: setup.standIn, yaml: { Self.yaml($0, keyPath: setup.keyPath) }) { h in
            for _ in 0..<3 {
                let response = try await h.send(.GET, "/api/v1/Contact/5")
                #expect(response.status == .ok)
            }
            #expect(h.standIn.systemUserAuthenticationCount == 1)
            #expect(h.standIn.receivedCount(pathContaining: "/login/.well-known/jwks") == 1)
            let call = try #require(h.standIn.received.last)
            #expect(call.header("Authorization")?.hasPrefix("SOTicket 7T:") == true)
            #expect(call.header("SO-AppToken") == "demo-app-token")
            let (status, body) = try await h.readiness()
            #expect(status == .ok, "\(body)")
            h.expectNoSecretsLogged(
                [TestKeys.partnerA, "demo-app-token", Self.systemUserToken, "PRIVATE KEY", "<RSAKeyValue"] + h.upstreamCredentialValues
            )
        }
    }

    @Test func ticketsExpiringDuringTrafficCauseExactlyOneRenewalFor50ConcurrentRequests() async throws {
        let setup = try Self.setup()
        defer { try? FileManager.default.removeItem(atPath: setup.keyPath) }
        try await withHarness(standIn: setup.standIn, yaml: { Self.yaml($0, keyPath: setup.keyPath) }) { h in
            #expect(try await h.send(.GET, "/api/v1/Contact/5").status == .ok)
            #expect(h.standIn.systemUserAuthenticationCount == 1)
            h.standIn.expireAllCredentials()
            let statuses = try await h.concurrently(50)
            #expect(statuses.count == 50)
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses.filter { $0 != .ok })")
            #expect(h.standIn.systemUserAuthenticationCount == 2)
            #expect(h.standIn.receivedCount(pathContaining: "PartnerSystemUser") == 2)
            h.expectNoSecretsLogged([TestKeys.partnerA, "demo-app-token", Self.systemUserToken] + h.upstreamCredentialValues)
        }
    }

    @Test func aBadSignatureIsA502ProblemCarryingSuperOfficesMessageAndMakesTheGatewayNotReady() async throws {
        let other = try SuperOfficeStandIn.makeTestKeyPair()
        let setup = try Self.setup(registeredPublicKeyPEM: other.publicKeyPEM)
        defer { try? FileManager.default.removeItem(atPath: setup.keyPath) }
        try await withHarness(standIn: setup.standIn, yaml: { Self.yaml($0, keyPath: setup.keyPath) }) { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .badGateway)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.problemDetail == "SuperOffice refused the system user sign-in: Invalid signature.")
            #expect(h.standIn.receivedCount(pathContaining: "/api/v1/Contact") == 0)
            let (status, body) = try await h.readiness()
            #expect(status == .serviceUnavailable)
            #expect(body.contains("system_user"))
            h.expectNoSecretsLogged([TestKeys.partnerA, "demo-app-token", Self.systemUserToken, "PRIVATE KEY"])
        }
    }

    @Test func aWrongAppTokenIsA502ProblemCarryingSuperOfficesMessage() async throws {
        let setup = try Self.setup()
        defer { try? FileManager.default.removeItem(atPath: setup.keyPath) }
        try await withHarness(standIn: setup.standIn, yaml: { Self.yaml($0, keyPath: setup.keyPath, appToken: "wrong-app-token") }) { h in
            let response = try await h.send(.GET, "/api/v1/Contact/5")
            #expect(response.status == .badGateway)
            #expect(response.problemDetail == "SuperOffice refused the system user sign-in: Invalid application token.")
            #expect(!response.text.contains("wrong-app-token"))
            h.expectNoSecretsLogged([TestKeys.partnerA, "wrong-app-token", Self.systemUserToken])
        }
    }

    /// gateway.yml's loader accepts only PEM files for `private_key_file` today, so the RSA XML form is checked
    /// on the provider itself, still against the stand-in over a real socket.
    @Test func aSuperOfficeRSAXMLKeySignsInAgainstTheStandIn() async throws {
        let setup = try Self.setup(form: "xml")
        defer { try? FileManager.default.removeItem(atPath: setup.keyPath) }
        let standIn = SuperOfficeStandIn(configuration: setup.standIn)
        try await standIn.start(host: "127.0.0.1", port: 0)
        let transport = try NIOUpstreamPool(group: MultiThreadedEventLoopGroup.singleton)
        do {
            let environment = try #require(SuperOfficeEnvironment.parse(url: standIn.baseURL))
            let provider = try SystemUserCredentialProvider(
                config: SystemUserConfig(
                    token: Self.systemUserToken, privateKeyFile: setup.keyPath, context: "Cust12345", environment: environment, verify: true
                ),
                appToken: "demo-app-token", transport: transport, group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test")
            )
            #expect(provider.currentCredential() == nil)
            let credential = try await provider.obtain(on: MultiThreadedEventLoopGroup.singleton.any()).get()
            #expect(credential.headers.first?.0 == "Authorization")
            #expect(credential.headers.first?.1.hasPrefix("SOTicket 7T:") == true)
            #expect(standIn.systemUserAuthenticationCount == 1)
            #expect(provider.currentCredential()?.generation == credential.generation)
        } catch {
            await transport.shutdown()
            try? await standIn.shutdown()
            throw error
        }
        await transport.shutdown()
        try await standIn.shutdown()
    }
}
