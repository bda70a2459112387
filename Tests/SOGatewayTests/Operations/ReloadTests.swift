import Foundation
import GatewayConfig
import NIOHTTP1
import Testing

@Suite("Configuration reload")
struct ReloadTests {
    @Test("A reload keeps cached entries when cache settings did not change, and empties nothing else")
    func reloadKeepsCache() async throws {
        try await withHarness(yaml: { TestHarness.defaultYAML(standInURL: $0) }) { h in
            let path = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"
            _ = try await h.send(.POST, path, headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[9]}"#)
            let same = try ConfigLoader.parse(
                yaml: TestHarness.defaultYAML(standInURL: h.standIn.baseURL), environment: [:], baseDirectory: "."
            )
            try h.gateway.reload(same)
            let hit = try await h.send(.POST, path, headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[9]}"#)
            #expect(hit.header("Cache-Status")?.contains("hit") == true)
            let changed = try ConfigLoader.parse(
                yaml: TestHarness.defaultYAML(standInURL: h.standIn.baseURL, extra: "cache: { ttl: 30s }"), environment: [:], baseDirectory: "."
            )
            try h.gateway.reload(changed)
            let miss = try await h.send(.POST, path, headers: [("Content-Type", "application/json")], body: #"{"AssociateIds":[9]}"#)
            #expect(miss.header("Cache-Status")?.contains("fwd=miss") == true)
        }
    }
}
