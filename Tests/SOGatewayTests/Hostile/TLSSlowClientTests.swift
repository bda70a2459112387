import Foundation
import Testing

/// The slow-client tests over TLS: before the handshake, during it, and HTTP/1.1 after it, with the limits the
/// issue's outside check uses (header_timeout 2 s, body_timeout 2 s, idle_timeout 3 s, max_connections 4;
/// handshake_timeout defaults to header_timeout). Each case must be closed within its limit + 1 s; the
/// assertions allow a further second for a loaded build machine.
@Suite("Hostile: slow clients over TLS", .enabled(if: TLSTool.openssl != nil, "needs openssl on PATH"))
struct TLSSlowClientTests {
    /// A TLS record header and the start of a ClientHello announcing 200 bytes, of which a trickler sends one
    /// byte at a time: the handshake can never finish before the bytes do.
    static let clientHello: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0xC8, 0x01, 0x00, 0x00, 0xC4, 0x03, 0x03] + Array(repeating: 0x2A, count: 189)

    static let h1Request = Array("GET /api/v1/Contact/5 HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\n\r\n".utf8)

    @Test("A TCP connection to the TLS port that sends nothing is closed after handshake_timeout")
    func silentTCP() async throws {
        try await TLSGateway.with { _, port in
            let connection = try await PartnerConnection.connect(port: port, .tcp)
            let closed = try #require(await connection.waitForClose(timeout: .seconds(8)), "still open after 8 s")
            #expect(closed >= .milliseconds(1800) && closed < .seconds(4), "closed after \(closed)")
        }
    }

    @Test("A ClientHello trickled byte by byte does not extend the handshake: closed after handshake_timeout")
    func trickledClientHello() async throws {
        try await TLSGateway.with { _, port in
            let connection = try await PartnerConnection.connect(port: port, .tcp)
            await connection.trickle(Self.clientHello, pause: .milliseconds(100))
            let closed = try #require(await connection.waitForClose(timeout: .seconds(8)), "still open after 8 s")
            #expect(closed >= .milliseconds(1800) && closed < .seconds(4), "closed after \(closed)")
        }
    }

    @Test("An explicit limits.handshake_timeout shorter than header_timeout applies to the handshake")
    func ownHandshakeTimeout() async throws {
        try await TLSGateway.with(limits: TLSGateway.checkLimits + ", handshake_timeout: 500ms") { _, port in
            let connection = try await PartnerConnection.connect(port: port, .tcp)
            let closed = try #require(await connection.waitForClose(timeout: .seconds(8)), "still open after 8 s")
            #expect(closed < .milliseconds(2000), "closed after \(closed)")
        }
    }

    @Test("A finished handshake (HTTP/1.1 or h2 by ALPN) followed by silence is closed after header_timeout", arguments: ["http/1.1", "h2"])
    func handshakeThenSilence(alpn: String) async throws {
        try await TLSGateway.with { _, port in
            let connection = try await TLSGateway.connect(port: port, alpn: alpn)
            let closed = try #require(await connection.waitForClose(timeout: .seconds(8)), "still open after 8 s")
            #expect(closed >= .milliseconds(1800) && closed < .seconds(4), "closed after \(closed)")
        }
    }

    @Test("HTTP/1.1 over TLS: headers trickled after the handshake are cut off after header_timeout, nothing goes upstream")
    func trickledHeaders() async throws {
        try await TLSGateway.with { h, port in
            let connection = try await TLSGateway.connect(port: port, alpn: "http/1.1")
            let started = ContinuousClock.now
            await connection.trickle(Array(Self.h1Request.dropLast(2)), size: 2, pause: .milliseconds(100))
            let closed = try #require(await connection.waitForClose(timeout: .seconds(8)), "still open after 8 s")
            #expect(ContinuousClock.now - started < .seconds(4), "closed after \(closed)")
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("HTTP/1.1 over TLS: a body trickled byte by byte is cut off after body_timeout and nothing goes upstream")
    func trickledBody() async throws {
        try await TLSGateway.with { h, port in
            let connection = try await TLSGateway.connect(port: port, alpn: "http/1.1")
            let body = Array(#"{"Firstname":"Trickle","Lastname":"Slowly","Email":"slow@example.com"}"#.utf8)
            let head = "PUT /api/v1/Contact/5 HTTP/1.1\r\nHost: x\r\nX-API-Key: \(TestKeys.partnerA)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
            await connection.write(Array(head.utf8))
            let started = ContinuousClock.now
            await connection.trickle(body, pause: .milliseconds(100))
            _ = try #require(await connection.waitForClose(timeout: .seconds(8)), "still open after 8 s")
            #expect(ContinuousClock.now - started < .seconds(4))
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("HTTP/1.1 over TLS: a kept-alive connection that goes quiet after its answer is closed after idle_timeout")
    func idleAfterAnswer() async throws {
        try await TLSGateway.with { _, port in
            let connection = try await TLSGateway.connect(port: port, alpn: "http/1.1")
            await connection.write(Self.h1Request)
            #expect(await connection.waitForReceived(timeout: .seconds(5)) { String(decoding: $0, as: UTF8.self).contains("HTTP/1.1 200") })
            let answered = ContinuousClock.now
            _ = try #require(await connection.waitForClose(timeout: .seconds(8)), "still open after 8 s")
            let idle = ContinuousClock.now - answered
            #expect(idle >= .milliseconds(2800) && idle < .seconds(5), "closed \(idle) after the answer")
        }
    }

    /// Polls the `so_gateway_open_connections` gauge until it reads `count` (5 s at most).
    static func waitForOpenConnections(_ count: Int, in h: TestHarness) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            let line = String(decoding: h.gateway.metrics.render(), as: UTF8.self).split(separator: "\n")
                .first { $0.hasPrefix("so_gateway_open_connections ") }
            if let value = line?.split(separator: " ").last.flatMap({ Double($0) }), Int(value) == count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// The silent partners of the slot test: TCP that never starts TLS (cut by `handshake_timeout`), or HTTP/2
    /// that sent its preface and SETTINGS and then nothing (cut by `header_timeout`, with GOAWAY).
    static func silentConnection(_ kind: String, port: Int) async throws -> PartnerConnection {
        kind == "h2" ? try await TLSGateway.connectH2(port: port) : try await PartnerConnection.connect(port: port, .tcp)
    }

    @Test(
        "Four silent sockets (TCP, or HTTP/2 after its preface) fill max_connections: a fifth is refused (logged and counted with its limit) until their deadline frees the slots",
        arguments: ["tcp", "h2"]
    )
    func silentSocketsFreeTheirSlots(kind: String) async throws {
        try await TLSGateway.with { h, port in
            var silent: [PartnerConnection] = []
            for _ in 0..<4 {
                silent.append(try await Self.silentConnection(kind, port: port))
            }
            // Each socket takes its slot on its own event loop: wait until all four hold one.
            #expect(await Self.waitForOpenConnections(4, in: h), "the four silent sockets never held four slots")
            let refused = try await PartnerConnection.connect(port: port, .tcp)
            let refusedAfter = try #require(await refused.waitForClose(timeout: .seconds(1)), "the fifth connection was not refused")
            #expect(refusedAfter < .milliseconds(500))
            #expect(h.logs.all.contains { $0.contains("connection refused") && $0.contains("max_connections") })
            #expect(String(decoding: h.gateway.metrics.render(), as: UTF8.self).contains(#"so_gateway_connections_refused_total{limit="max_connections"} 1"#))

            for connection in silent {
                let closed = try #require(await connection.waitForClose(timeout: .seconds(8)), "a silent socket was not closed")
                #expect(closed < .seconds(4), "a silent socket was closed only after \(closed)")
                if kind == "h2" { #expect(H2.goAway(in: connection.received)?.errorCode == 0, "no GOAWAY (NO_ERROR) before the close") }
            }
            let partner = try await TLSGateway.connect(port: port, alpn: "http/1.1")
            await partner.write(Self.h1Request)
            #expect(await partner.waitForReceived(timeout: .seconds(5)) { String(decoding: $0, as: UTF8.self).contains("HTTP/1.1 200") })
            let limit = kind == "h2" ? "header_timeout" : "handshake_timeout"
            #expect(String(decoding: h.gateway.metrics.render(), as: UTF8.self).contains("so_gateway_connections_cut_total{limit=\"\(limit)\"} 4"))
            await partner.close()
        }
    }
}
