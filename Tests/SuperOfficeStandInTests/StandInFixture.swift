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
