import Foundation
import GatewayConfig
import NIOCore
import NIOPosix
import SuperOfficeStandIn
import Testing
import UpstreamTransport

@testable import SOGateway

/// The tenant locator's periodic refresh and the JWKS cache's refetch rule, each against a stand-in on loopback.
struct CredentialsTenantLocatorAndKeyCacheTests {
    /// Runs `body` with a started stand-in and a transport, and always stops both.
    func withStandIn(_ body: (SuperOfficeStandIn, NIOUpstreamPool) async throws -> Void) async throws {
        let standIn = SuperOfficeStandIn()
        try await standIn.start(host: "127.0.0.1", port: 0)
        let transport = try NIOUpstreamPool(group: MultiThreadedEventLoopGroup.singleton)
        do {
            try await body(standIn, transport)
        } catch {
            await transport.shutdown()
            try? await standIn.shutdown()
            throw error
        }
        await transport.shutdown()
        try await standIn.shutdown()
    }

    @Test func theLocatorRefreshesPeriodicallyAndFollowsAMovedTenant() async throws {
        try await withStandIn { standIn, transport in
            let environment = try #require(SuperOfficeEnvironment.parse(url: standIn.baseURL))
            let locator = TenantLocator(
                tenant: TenantConfig(context: "Cust12345", environment: environment), transport: transport,
                refreshInterval: .milliseconds(50)
            )
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            let first = try await locator.resolve(on: loop).get()
            #expect(first.basePath == "/Cust12345")
            #expect(first.endpoint.port == standIn.port)
            standIn.setTenantState("Running", apiURL: "http://127.0.0.1:1/Cust12345/api")
            let deadline = ContinuousClock.now + .seconds(10)
            while locator.currentBase()?.endpoint.port != 1, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(locator.currentBase()?.endpoint.port == 1, "a periodic refresh should pick up the moved host")
            #expect(locator.resolutionCount >= 2)
        }
    }

    @Test func theJWKSIsCachedAndAnUnknownKeyIdIsFetchedOnceMoreBeforeFailing() async throws {
        try await withStandIn { standIn, transport in
            let environment = try #require(UpstreamURL.parse(standIn.baseURL))
            let cache = JWKSKeyCache(client: SuperOfficeServiceClient(transport: transport, timeout: .seconds(5)), environment: environment)
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            _ = try await cache.key(for: nil, on: loop).get()
            _ = try await cache.key(for: nil, on: loop).get()
            #expect(standIn.receivedCount(pathContaining: "/.well-known/jwks") == 1)
            await #expect(throws: CredentialError.self) { try await cache.key(for: "rotated-away", on: loop).get() }
            #expect(standIn.receivedCount(pathContaining: "/.well-known/jwks") == 2)
        }
    }
}
