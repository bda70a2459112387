import Foundation
import SuperOfficeStandIn

/// Starts a stand-in on an ephemeral loopback port for one test and always shuts it down.
enum StandInFixture {
    static let batchPath = "/Cust12345/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
    static let basicAlice = ("Authorization", "Basic " + Data("alice:alice-password".utf8).base64EncodedString())
    static let basicBob = ("Authorization", "Basic " + Data("bob:bob-password".utf8).base64EncodedString())
    static let json = ("Content-Type", "application/json")

    static func withStandIn<T>(
        _ configuration: StandInConfiguration = .init(), _ body: (SuperOfficeStandIn) async throws -> T
    ) async throws -> T {
        let standIn = SuperOfficeStandIn(configuration: configuration)
        try await standIn.start()
        do {
            let result = try await body(standIn)
            try await standIn.shutdown()
            return result
        } catch {
            try? await standIn.shutdown()
            throw error
        }
    }

    /// POSTs `body` to the Batch agent method `method` as alice (or the given auth header).
    static func batch(
        _ standIn: SuperOfficeStandIn, _ method: String, _ body: String, auth: (String, String) = basicAlice,
        contentType: String = "application/json", extraHeaders: [(String, String)] = []
    ) async throws -> RawHTTPResponse {
        try await RawHTTPClient.send(
            port: standIn.port, method: "POST", path: "/Cust12345/api/v1/Agents/Batch/" + method,
            headers: [auth, ("Content-Type", contentType)] + extraHeaders, body: Array(body.utf8)
        )
    }

    /// Waits until `condition` holds, checking every few milliseconds, for at most `timeout` (for conditions that
    /// real sockets make true); returns whether it held.
    static func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// POSTs `{"AssociateIds":[...]}` to the main endpoint as alice (or the given auth header).
    static func tasks(
        _ standIn: SuperOfficeStandIn, ids: [Int], auth: (String, String) = basicAlice, query: String = "",
        extraHeaders: [(String, String)] = []
    ) async throws -> RawHTTPResponse {
        let body = "{\"AssociateIds\":[\(ids.map(String.init).joined(separator: ","))]}"
        return try await RawHTTPClient.send(
            port: standIn.port, method: "POST", path: batchPath + query,
            headers: [auth, json] + extraHeaders, body: Array(body.utf8)
        )
    }
}
