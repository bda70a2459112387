import Foundation
import NIOCore
import NIOPosix
import RESPClient
import TestSupport

/// Where live tests find Redis: the server the test script started (`SO_TEST_REDIS_URL`), or a private
/// one started for the duration of the test.
enum TestRedis {
    /// One event loop group for all tests in this process.
    static let group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    /// Runs `body` with a client on the shared test server (or a private one), then shuts the client down.
    static func withClient<T: Sendable>(
        _ configure: (inout RESPClientConfiguration) -> Void = { _ in },
        _ body: (RESPClient) async throws -> T
    ) async throws -> T {
        if let url = ProcessInfo.processInfo.environment["SO_TEST_REDIS_URL"], let (host, port) = parse(url) {
            return try await withClient(host: host, port: port, configure, body)
        }
        let server = try await RedisServer()
        defer { server.kill() }
        return try await withClient(host: "127.0.0.1", port: server.port, configure, body)
    }

    /// Runs `body` with a client for `host:port`, then shuts the client down.
    static func withClient<T: Sendable>(
        host: String, port: Int,
        _ configure: (inout RESPClientConfiguration) -> Void = { _ in },
        _ body: (RESPClient) async throws -> T
    ) async throws -> T {
        // Generous defaults: two cores shared by parallel suites can stall an event loop for a second;
        // tests of timeouts set their own.
        var configuration = RESPClientConfiguration(
            host: host, port: port, connectTimeout: .seconds(10), defaultCommandTimeout: .seconds(10)
        )
        configure(&configuration)
        let client = RESPClient(configuration: configuration, group: group)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// A key no other test (or test run) uses.
    static func key(_ name: String) -> String {
        "so-gateway:test:\(name):\(UUID().uuidString)"
    }

    private static func parse(_ url: String) -> (String, Int)? {
        guard let components = URLComponents(string: url), let host = components.host else { return nil }
        return (host, components.port ?? 6379)
    }
}
