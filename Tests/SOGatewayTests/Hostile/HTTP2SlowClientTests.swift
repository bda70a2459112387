import Foundation
import Testing

/// The slow-client tests over HTTP/2 (TLS, h2 by ALPN), with frames the tests write themselves and the limits
/// the issue's outside check uses (header_timeout 2 s, body_timeout 2 s, idle_timeout 3 s).
@Suite("Hostile: slow clients over HTTP/2", .enabled(if: TLSTool.openssl != nil, "needs openssl on PATH"))
struct HTTP2SlowClientTests {
    static func frames(_ connection: PartnerConnection) -> [H2.Frame] { H2.frames(in: connection.received) }

    @Test("A request over raw HTTP/2 frames is answered (the control for the cases below)")
    func requestIsAnswered() async throws {
        try await TLSGateway.with { h, port in
            let connection = try await TLSGateway.connectH2(port: port)
            await connection.write(H2.headers(1, H2.request("GET", "/api/v1/Contact/5"), endStream: true))
            #expect(await connection.waitForReceived(timeout: .seconds(5)) { H2.statuses(in: H2.frames(in: $0))[1] != nil })
            #expect(H2.statuses(in: Self.frames(connection))[1] == "200")
            #expect(h.standIn.received.count == 1)
            await connection.close()
        }
    }

    @Test("An HTTP/2 connection that sent its preface and SETTINGS and then nothing gets GOAWAY and is closed (header_timeout before a first stream)")
    func idleBeforeFirstStream() async throws {
        try await TLSGateway.with { _, port in
            let connection = try await TLSGateway.connectH2(port: port)
            let closed = try #require(await connection.waitForClose(timeout: .seconds(8)), "still open after 8 s")
            #expect(closed >= .milliseconds(1800) && closed < .seconds(4), "closed after \(closed)")
            let goAway = try #require(H2.goAway(in: connection.received), "no GOAWAY before the close")
            #expect(goAway.errorCode == 0)  // NO_ERROR
        }
    }

    @Test("After its last stream an HTTP/2 connection idle for idle_timeout gets GOAWAY naming that stream, then is closed")
    func idleAfterStream() async throws {
        try await TLSGateway.with { _, port in
            let connection = try await TLSGateway.connectH2(port: port)
            await connection.write(H2.headers(1, H2.request("GET", "/api/v1/Contact/5"), endStream: true))
            #expect(await connection.waitForReceived(timeout: .seconds(5)) { H2.statuses(in: H2.frames(in: $0))[1] != nil })
            let answered = ContinuousClock.now
            _ = try #require(await connection.waitForClose(timeout: .seconds(8)), "still open after 8 s")
            let idle = ContinuousClock.now - answered
            #expect(idle >= .milliseconds(2800) && idle < .seconds(5), "closed \(idle) after the answer")
            let goAway = try #require(H2.goAway(in: connection.received))
            #expect(goAway.errorCode == 0)
            #expect(goAway.payload.prefix(4) == [0, 0, 0, 1])  // last stream id 1
        }
    }

    @Test("A stream whose body never comes is reset (RST_STREAM) after body_timeout, nothing reaches upstream, the connection goes on")
    func stalledBody() async throws {
        try await TLSGateway.with { h, port in
            let connection = try await TLSGateway.connectH2(port: port)
            let fields = H2.request("PUT", "/api/v1/Contact/5", extra: [("content-type", "application/json"), ("content-length", "60")])
            let started = ContinuousClock.now
            await connection.write(H2.headers(1, fields, endStream: false))
            #expect(await connection.waitForReceived(timeout: .seconds(8)) { bytes in
                H2.frames(in: bytes).contains { $0.type == H2.FrameType.rstStream.rawValue && $0.stream == 1 }
            })
            let reset = ContinuousClock.now - started
            #expect(reset >= .milliseconds(1800) && reset < .seconds(4), "reset after \(reset)")
            #expect(h.standIn.received.isEmpty)
            #expect(String(decoding: h.gateway.metrics.render(), as: UTF8.self).contains(#"so_gateway_h2_streams_reset_total{limit="body_timeout"} 1"#))
            // The connection itself is fine: another request on it is answered.
            await connection.write(H2.headers(3, H2.request("GET", "/api/v1/Contact/5"), endStream: true))
            #expect(await connection.waitForReceived(timeout: .seconds(5)) { H2.statuses(in: H2.frames(in: $0))[3] == "200" })
            await connection.close()
        }
    }

    @Test("A body trickled in small DATA frames is reset after body_timeout and nothing reaches upstream")
    func trickledBody() async throws {
        try await TLSGateway.with { h, port in
            let connection = try await TLSGateway.connectH2(port: port)
            let fields = H2.request("PUT", "/api/v1/Contact/5", extra: [("content-type", "application/json"), ("content-length", "60")])
            await connection.write(H2.headers(1, fields, endStream: false))
            let started = ContinuousClock.now
            for _ in 0..<59 where !H2.frames(in: connection.received).contains(where: { $0.type == H2.FrameType.rstStream.rawValue }) {
                await connection.write(H2.data(1, [0x20], endStream: false))
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(H2.frames(in: connection.received).contains { $0.type == H2.FrameType.rstStream.rawValue && $0.stream == 1 })
            #expect(ContinuousClock.now - started < .seconds(4))
            #expect(h.standIn.received.isEmpty)
            await connection.close()
        }
    }

    @Test("A header block trickled in CONTINUATION frames is cut off after header_timeout (GOAWAY, close), even with idle_timeout longer")
    func trickledHeaderBlock() async throws {
        try await TLSGateway.with(limits: "max_body: 64KiB, header_timeout: 2s, body_timeout: 2s, idle_timeout: 20s") { h, port in
            let connection = try await TLSGateway.connectH2(port: port)
            // One request first, so the block below is not the connection's first (bounded by header_timeout anyway).
            await connection.write(H2.headers(1, H2.request("GET", "/api/v1/Contact/5"), endStream: true))
            #expect(await connection.waitForReceived(timeout: .seconds(5)) { H2.statuses(in: H2.frames(in: $0))[1] != nil })
            let block = H2.block(H2.request("GET", "/api/v1/Contact/6"))
            let started = ContinuousClock.now
            await connection.write(H2.headers(3, [], endStream: true, endHeaders: false))
            for index in 0..<4 where !connection.isClosed {
                try await Task.sleep(for: .milliseconds(700))
                let part = Array(block[(index * block.count / 4)..<((index + 1) * block.count / 4)])
                await connection.write(H2.continuation(3, payload: part, endHeaders: index == 3))
            }
            _ = try #require(await connection.waitForClose(timeout: .seconds(8)), "still open after 8 s")
            let cut = ContinuousClock.now - started
            #expect(cut >= .milliseconds(1800) && cut < .seconds(4), "cut after \(cut)")
            #expect(H2.goAway(in: connection.received) != nil)
            #expect(h.standIn.received.count == 1)
        }
    }

    @Test("A body over limits.max_body on an HTTP/2 stream gets 413, and nothing reaches upstream")
    func bodyTooLarge() async throws {
        try await TLSGateway.with { h, port in
            let connection = try await TLSGateway.connectH2(port: port)
            let fields = H2.request("PUT", "/api/v1/Contact/5", extra: [("content-type", "application/json"), ("content-length", "70000")])
            await connection.write(H2.headers(1, fields, endStream: false))
            #expect(await connection.waitForReceived(timeout: .seconds(5)) { H2.statuses(in: H2.frames(in: $0))[1] != nil })
            #expect(H2.statuses(in: Self.frames(connection))[1] == "413")
            #expect(h.standIn.received.isEmpty)
            await connection.close()
        }
    }
}
