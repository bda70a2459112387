import Foundation
import Testing
import SuperOfficeStandIn

@Suite("Stand-in lifecycle and recording")
struct LifecycleTests {
    @Test("start binds an ephemeral loopback port and shutdown stops accepting connections")
    func startAndShutdown() async throws {
        let standIn = SuperOfficeStandIn()
        #expect(standIn.port == 0)
        try await standIn.start()
        let port = standIn.port
        #expect(port > 0)
        #expect(standIn.baseURL == "http://127.0.0.1:\(port)")
        let answer = try await RawHTTPClient.send(port: port, path: "/Cust12345/api", headers: [StandInFixture.basicAlice])
        #expect(answer.status == 200)
        try await standIn.shutdown()
        await #expect(throws: (any Error).self) {
            _ = try await RawHTTPClient.send(port: port, path: "/Cust12345/api")
        }
    }

    @Test("every request is recorded in order with method, path, query, headers, body and peer, rejected ones too")
    func recordsRequests() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            _ = try await RawHTTPClient.send(port: standIn.port, path: "/Cust12345/api/v1/Contact/1")
            _ = try await StandInFixture.tasks(standIn, ids: [5], query: "?$select=Id", extraHeaders: [("X-Trace", "t-1")])
            let received = standIn.received
            try #require(received.count == 2)
            #expect(received[0].method == "GET")
            #expect(received[0].path == "/Cust12345/api/v1/Contact/1")
            #expect(received[0].query == nil)
            #expect(received[1].method == "POST")
            #expect(received[1].path == StandInFixture.batchPath)
            #expect(received[1].query == "$select=Id")
            #expect(received[1].header("x-trace") == "t-1")
            #expect(received[1].headerValues("X-TRACE") == ["t-1"])
            #expect(received[1].bodyText == "{\"AssociateIds\":[5]}")
            #expect(received[1].remoteAddress?.hasPrefix("127.0.0.1:") == true)
            #expect(standIn.receivedCount(pathContaining: "getbatchtaskinfos") == 1)
            standIn.clearReceived()
            #expect(standIn.received.isEmpty)
        }
    }

    @Test("every answer carries the ARRAffinity cookies the gateway must strip")
    func affinityCookies() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let ok = try await StandInFixture.tasks(standIn, ids: [1])
            let rejected = try await RawHTTPClient.send(port: standIn.port, path: "/Cust12345/api")
            for answer in [ok, rejected] {
                let cookies = answer.headerValues("Set-Cookie")
                #expect(cookies.contains { $0.hasPrefix("ARRAffinity=") })
                #expect(cookies.contains { $0.hasPrefix("ARRAffinitySameSite=") })
            }
        }
    }

    @Test("a keep-alive connection serves several requests in order")
    func keepAlive() async throws {
        try await StandInFixture.withStandIn { standIn async throws in
            let auth = StandInFixture.basicAlice
            let one = "GET /Cust12345/api HTTP/1.1\r\nHost: x\r\n\(auth.0): \(auth.1)\r\n\r\n"
            let two = "GET /Cust12345/api/v1/Contact/2 HTTP/1.1\r\nHost: x\r\n\(auth.0): \(auth.1)\r\nConnection: close\r\n\r\n"
            let answer = try await RawHTTPClient.exchange(port: standIn.port, bytes: Array((one + two).utf8))
            let text = String(decoding: answer.raw, as: UTF8.self)
            #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
            #expect(standIn.received.map(\.path) == ["/Cust12345/api", "/Cust12345/api/v1/Contact/2"])
        }
    }
}
