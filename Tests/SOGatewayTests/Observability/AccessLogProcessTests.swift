import Foundation
import NIOCore
import SuperOfficeStandIn
import Testing

/// The access log as an operator reads it: the real executable's stdout through a pipe.
@Suite("Access log", .enabled(if: GatewayProcess.isAvailable, "needs the so-gateway executable next to the test bundle"))
struct AccessLogProcessTests {
    static let taskPath = "/api/v1/Agents/Batch/GetBatchTaskInfosByAssociates"

    static func yaml(standIn: String, port: Int) throws -> String {
        """
        listen: { host: 127.0.0.1, port: \(port) }
        upstream:
          url: \(standIn)/Cust12345
          app_token: demo-app-token
          timeout: 10s
          credentials: { ticket: "7T:alice-ticket" }
        clients:
          - name: partner-a
            api_keys_sha256: [ "\(TestKeys.hash(TestKeys.partnerA))" ]
        cache: { ttl: 60s }
        admin: { listen: { host: 127.0.0.1, port: \(try freePort()) } }
        logging: { level: info }
        """
    }

    /// The executable in front of `standIn`, listening; with its partner port.
    static func gateway(before standIn: SuperOfficeStandIn) async throws -> (GatewayProcess, Int) {
        let port = try freePort()
        let gateway = try GatewayProcess(yaml: try yaml(standIn: standIn.baseURL, port: port))
        #expect(await gateway.waitForLog("listening"))
        return (gateway, port)
    }

    /// Sends one request on its own connection (`Connection: close`) and returns the raw answer.
    static func send(port: Int, _ requestLine: String, headers: [String], body: String = "") async throws -> String {
        var text = requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for header in headers { text += header + "\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        let outcome = try await RawClient.exchange(port: port, chunks: [text], timeout: .seconds(10))
        return outcome.received
    }

    /// The access lines of `log`, decoded, by request id.
    static func accessLines(_ log: String) -> [String: [String: Any]] {
        var lines = [String: [String: Any]]()
        for line in log.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["msg"] as? String == "access", let id = object["request_id"] as? String
            else { continue }
            lines[id] = object
        }
        return lines
    }

    @Test("Keys, bearer tokens, SOTickets, Basic passwords, cookies, XSRF tokens and query secrets never reach the log")
    func nothingSecretIsLogged() async throws {
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown() } }
        let (gateway, port) = try await Self.gateway(before: standIn)
        let key = "X-API-Key: \(TestKeys.partnerA)"
        let basic = Data("bob:SECRET-BASIC-PASSWORD".utf8).base64EncodedString()
        let secrets = [
            TestKeys.partnerA, "alice-ticket", "SECRET-QUERY-VALUE", "SECRET-COOKIE", "SECRET-XSRF-COOKIE", "SECRET-XSRF-HEADER",
            "SECRET-BEARER", basic, "SECRET-BASIC-PASSWORD", "SECRET-PARTNER-TICKET", "SECRET-UNKNOWN-KEY", "SECRET-USERINFO",
            "SECRET-TOKEN-VALUE", "SECRET-BARE-VALUE", "SECRET-PASSWORD-VALUE",
        ]
        let requests: [(id: String, line: String, headers: [String], body: String)] = [
            ("req-query", "GET /api/v1/Contact/5?api_key=SECRET-QUERY-VALUE&$select=name&password=SECRET-PASSWORD-VALUE HTTP/1.1",
             [key, "Cookie: ASP.NET_SessionId=SECRET-COOKIE; XSRF-TOKEN=SECRET-XSRF-COOKIE", "X-XSRF-TOKEN: SECRET-XSRF-HEADER"], ""),
            ("req-bearer", "GET /api/v1/Contact/5 HTTP/1.1", ["Authorization: Bearer SECRET-BEARER-0123456789abcdef"], ""),
            ("req-basic", "GET /api/v1/Contact/5 HTTP/1.1", ["Authorization: Basic \(basic)"], ""),
            ("req-soticket", "GET /api/v1/Contact/5 HTTP/1.1", [key, "Authorization: SOTicket 7T:SECRET-PARTNER-TICKET"], ""),
            ("req-unknown", "GET /api/v1/Contact/5 HTTP/1.1", ["X-API-Key: SECRET-UNKNOWN-KEY-0123456789abcdef"], ""),
            ("req-absolute", "GET http://user:SECRET-USERINFO@127.0.0.1/api/v1/Contact/5?token=SECRET-TOKEN-VALUE HTTP/1.1", [key], ""),
            ("req-bare", "GET /api/v1/Contact/5?SECRET-BARE-VALUE HTTP/1.1", [key], ""),
            ("req-miss", "POST \(Self.taskPath) HTTP/1.1", [key, "Content-Type: application/json"], #"{"AssociateIds":[5,7]}"#),
            ("req-hit", "POST \(Self.taskPath) HTTP/1.1", [key, "Content-Type: application/json"], #"{"AssociateIds":[7,5]}"#),
        ]
        for request in requests {
            let answer = try await Self.send(port: port, request.line, headers: request.headers + ["X-Request-Id: \(request.id)"], body: request.body)
            #expect(answer.hasPrefix("HTTP/1.1"), "\(request.id): \(answer)")
        }
        let ids = Set(requests.map(\.id))
        let deadline = ContinuousClock.now + .seconds(10)
        while Set(Self.accessLines(gateway.log).keys).isSuperset(of: ids) == false, ContinuousClock.now < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let log = gateway.log
        let lines = Self.accessLines(log)
        #expect(Set(lines.keys).isSuperset(of: ids), "\(log)")
        for secret in secrets {
            #expect(!log.contains(secret), "the log contains \(secret)")
        }

        let query = try #require(lines["req-query"])
        #expect(query["path"] as? String == "/api/v1/Contact/5?api_key=&$select=&password=")
        #expect(query["route"] as? String == "rest")
        #expect(query["client"] as? String == "partner-a")
        #expect(query["status"] as? Int == 200)
        #expect(query["upstream_status"] as? Int == 200)
        #expect(query["cache"] is NSNull)
        #expect((query["bytes_out"] as? Int ?? 0) > 0)
        #expect(query["bytes_in"] as? Int == 0)
        #expect(query["duration_ms"] is Double || query["duration_ms"] is Int)
        #expect(query["upstream_ms"] is Double || query["upstream_ms"] is Int)

        let refused = try #require(lines["req-bearer"])
        #expect(refused["status"] as? Int == 401)
        #expect(refused["client"] is NSNull)
        #expect(refused["upstream_status"] is NSNull)
        #expect(refused["upstream_ms"] is NSNull)
        #expect(lines["req-absolute"]?["path"] as? String == "/api/v1/Contact/5?token=")
        #expect(lines["req-bare"]?["path"] as? String == "/api/v1/Contact/5")

        let miss = try #require(lines["req-miss"])
        #expect(miss["cache"] as? String == "so-gateway; fwd=miss; stored")
        #expect(miss["upstream_status"] as? Int == 200)
        #expect(miss["bytes_in"] as? Int == #"{"AssociateIds":[5,7]}"#.utf8.count)
        #expect(miss["upstream_ms"] is Double || miss["upstream_ms"] is Int)
        let hit = try #require(lines["req-hit"])
        #expect((hit["cache"] as? String)?.hasPrefix("so-gateway; hit") == true)
        #expect(hit["upstream_status"] is NSNull)
        gateway.signal(SIGTERM)
        _ = await gateway.waitForExit(timeout: .seconds(15))
    }

    @Test("Under a trickle of requests each access line reaches a reader of stdout within a second")
    func linesArePrompt() async throws {
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown() } }
        let (gateway, port) = try await Self.gateway(before: standIn)
        let connection = try await KeepAliveConnection.connect(port: port)
        var delays = [Duration]()
        for index in 0..<8 {
            let id = "trickle-\(index)"
            let (status, _) = try await connection.get(
                "/api/v1/Contact/5", headers: [("X-API-Key", TestKeys.partnerA), ("X-Request-Id", id)]
            )
            #expect(status == .ok)
            let answered = ContinuousClock.now
            // Waits for the line with a deadline well past the promise, then measures against the promise.
            let deadline = answered + .seconds(5)
            while !gateway.log.contains(#""request_id":"\#(id)""#), ContinuousClock.now < deadline {
                try await Task.sleep(nanoseconds: 10_000_000)
            }
            delays.append(ContinuousClock.now - answered)
            // A trickle: a pause between requests, as a quiet partner makes.
            try await Task.sleep(nanoseconds: 300_000_000)
        }
        await connection.close()
        #expect(delays.count == 8)
        for delay in delays {
            #expect(delay < .seconds(1), "delays: \(delays)")
        }
        gateway.signal(SIGTERM)
        _ = await gateway.waitForExit(timeout: .seconds(15))
    }
}
