import Foundation
import SuperOfficeStandIn
import Testing

/// Floods and limits over HTTP/2 (TLS, h2 by ALPN), with frames the tests write themselves: a header block that
/// never ends, rapid reset, PING and SETTINGS floods, window-update abuse and too many streams. Each ends in the
/// gateway's GOAWAY and a closed connection; which limit comes from which key or from swift-nio-http2 is in
/// docs/security.md.
@Suite("Hostile: HTTP/2 floods", .enabled(if: TLSTool.openssl != nil, "needs openssl on PATH"))
struct HTTP2FloodTests {
    /// 100,000 CONTINUATION frames of 135 bytes (13.5 MB), after a HEADERS frame without END_HEADERS.
    static let continuationFrameCount = 100_000
    static let continuationPayload = 126

    /// Sends the flood in writes of 1,000 frames until the gateway closes the connection; returns the frames sent.
    static func continuationFlood(_ connection: PartnerConnection) async -> Int {
        await connection.write(H2.headers(1, H2.request("GET", "/api/v1/Contact/5"), endStream: true, endHeaders: false))
        let one = H2.continuation(1, payload: Array(repeating: 0x41, count: continuationPayload), endHeaders: false)
        let batch = Array([[UInt8]](repeating: one, count: 1_000).joined())
        var sent = 0
        while sent < continuationFrameCount, !connection.isClosed {
            guard await connection.write(batch) else { break }
            sent += 1_000
        }
        return sent
    }

    @Test("A CONTINUATION flood is cut off (GOAWAY, close) long before it ends, and nothing reaches upstream")
    func continuationFloodIsCutOff() async throws {
        try await TLSGateway.with { h, port in
            let connection = try await TLSGateway.connectH2(port: port)
            let sent = await Self.continuationFlood(connection)
            _ = try #require(await connection.waitForClose(timeout: .seconds(5)), "still open after the flood")
            #expect(sent < Self.continuationFrameCount, "all \(sent) frames were accepted")
            #expect(H2.goAway(in: connection.received) != nil)
            #expect(h.standIn.received.isEmpty)
            #expect(String(decoding: h.gateway.metrics.render(), as: UTF8.self).contains(#"so_gateway_connections_cut_total{limit="max_header_bytes"} 1"#))
        }
    }

    @Test(
        "A CONTINUATION flood of 13.5 MB does not grow the gateway process's memory by 8 MiB",
        .enabled(if: GatewayProcess.isAvailable, "needs the so-gateway executable next to the test bundle")
    )
    func continuationFloodMemory() async throws {
        let standIn = SuperOfficeStandIn()
        try await standIn.start()
        defer { Task { try? await standIn.shutdown() } }
        let dir = try TLSTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cert = try await TLSTool.selfSigned(commonName: "gateway-one", in: dir)
        let port = try freePort()
        let yaml = TLSGateway.yaml(standInURL: standIn.baseURL, cert: cert)
            .replacingOccurrences(of: "listen: { host: 127.0.0.1, port: 0,", with: "listen: { host: 127.0.0.1, port: \(port),")
        let gateway = try GatewayProcess(yaml: yaml)
        #expect(await gateway.waitForLog("listening"), "log: \(gateway.log)")
        // Warm up TLS and HTTP/2 once, so the baseline includes what any first connection allocates.
        let warm = try await TLSGateway.connectH2(port: port)
        await warm.write(H2.headers(1, H2.request("GET", "/api/v1/Contact/5"), endStream: true))
        #expect(await warm.waitForReceived(timeout: .seconds(5)) { H2.statuses(in: H2.frames(in: $0))[1] != nil })
        await warm.close()
        let before = try #require(gateway.residentBytes)

        for _ in 0..<3 {
            let connection = try await TLSGateway.connectH2(port: port)
            _ = await Self.continuationFlood(connection)
            _ = await connection.waitForClose(timeout: .seconds(5))
            #expect(connection.isClosed)
        }
        let after = try #require(gateway.residentBytes)
        let grown = after - before
        #expect(grown < 8 << 20, "RSS grew by \(grown) bytes (\(before) → \(after))")
        gateway.signal(SIGTERM)
        _ = await gateway.waitForExit(timeout: .seconds(10))
    }

    /// Polls `count` until it has not changed for 300 ms (or `timeout` passes) and returns it: the settled number of
    /// requests that reached upstream, however slowly a loaded machine delivers the last of them.
    static func settledCount(timeout: Duration, _ count: () -> Int) async -> Int {
        let deadline = ContinuousClock.now + timeout
        var last = count()
        var unchangedSince = ContinuousClock.now
        while ContinuousClock.now < deadline, ContinuousClock.now - unchangedSince < .milliseconds(300) {
            try? await Task.sleep(for: .milliseconds(20))
            let now = count()
            if now != last {
                last = now
                unchangedSince = .now
            }
        }
        return count()
    }

    @Test("Rapid reset: 5,000 requests each cancelled at once get GOAWAY, and fewer than 10% reach upstream")
    func rapidReset() async throws {
        try await TLSGateway.with { h, port in
            let connection = try await TLSGateway.connectH2(port: port)
            var sent = 0
            var stream: UInt32 = 1
            while sent < 5_000, !connection.isClosed {
                var batch: [UInt8] = []
                for _ in 0..<100 {
                    batch += H2.headers(stream, H2.request("GET", "/api/v1/Contact/5"), endStream: true) + H2.rstStream(stream)
                    stream += 2
                }
                guard await connection.write(batch) else { break }
                sent += 100
            }
            _ = await connection.waitForClose(timeout: .seconds(5))
            let goAway = try #require(H2.goAway(in: connection.received), "no GOAWAY")
            #expect(goAway.errorCode == 0xB)  // ENHANCE_YOUR_CALM
            #expect(connection.isClosed)
            // Requests already handed upstream may still be landing: count once none has arrived for 300 ms.
            let reached = await Self.settledCount(timeout: .seconds(5)) { h.standIn.received.count }
            #expect(reached < 500, "\(reached) of 5,000 cancelled requests reached upstream")
        }
    }

    @Test("A PING or SETTINGS flood gets GOAWAY (ENHANCE_YOUR_CALM) and the connection is closed", arguments: ["ping", "settings"])
    func controlFrameFlood(kind: String) async throws {
        try await TLSGateway.with { h, port in
            let connection = try await TLSGateway.connectH2(port: port)
            let frame = kind == "ping" ? H2.ping(7) : H2.frame(.settings)
            await connection.write(Array([[UInt8]](repeating: frame, count: 1_000).joined()))
            _ = try #require(await connection.waitForClose(timeout: .seconds(5)), "still open after the flood")
            #expect(H2.goAway(in: connection.received)?.errorCode == 0xB)
            #expect(String(decoding: h.gateway.metrics.render(), as: UTF8.self).contains(#"so_gateway_connections_cut_total{limit="h2_control_frame_flood"} 1"#))
        }
    }

    @Test("WINDOW_UPDATE pushing the connection window past 2^31-1 gets GOAWAY (FLOW_CONTROL_ERROR) and the connection is closed")
    func windowOverflow() async throws {
        try await TLSGateway.with { _, port in
            let connection = try await TLSGateway.connectH2(port: port)
            await connection.write(H2.windowUpdate(0, increment: 0x7FFF_FFFF) + H2.windowUpdate(0, increment: 0x7FFF_FFFF))
            _ = try #require(await connection.waitForClose(timeout: .seconds(5)), "still open")
            #expect(H2.goAway(in: connection.received)?.errorCode == 0x3)
        }
    }

    @Test("limits.h2_max_concurrent_streams and max_header_bytes are advertised in SETTINGS, and a stream past the limit cuts the connection off")
    func concurrentStreams() async throws {
        try await TLSGateway.with(limits: TLSGateway.checkLimits + ", h2_max_concurrent_streams: 2, max_header_bytes: 8KiB") { h, port in
            let connection = try await TLSGateway.connectH2(port: port)
            #expect(await connection.waitForReceived(timeout: .seconds(5)) { !H2.settings(in: H2.frames(in: $0)).isEmpty })
            let settings = H2.settings(in: H2.frames(in: connection.received))
            #expect(settings[0x3] == 2)  // SETTINGS_MAX_CONCURRENT_STREAMS
            #expect(settings[0x6] == 8192)  // SETTINGS_MAX_HEADER_LIST_SIZE
            let open = H2.request("PUT", "/api/v1/Contact/5", extra: [("content-type", "application/json"), ("content-length", "10")])
            // The PING after the two streams is answered only once the gateway has taken both without objection.
            await connection.write(H2.headers(1, open, endStream: false) + H2.headers(3, open, endStream: false) + H2.ping(42))
            #expect(await connection.waitForReceived(timeout: .seconds(5)) { H2.frames(in: $0).contains { $0.type == H2.FrameType.ping.rawValue && $0.flags & 0x1 != 0 } })
            #expect(!connection.isClosed)
            #expect(H2.goAway(in: connection.received) == nil)
            await connection.write(H2.headers(5, open, endStream: false))
            _ = try #require(await connection.waitForClose(timeout: .seconds(5)), "the third stream was accepted")
            #expect(H2.goAway(in: connection.received)?.errorCode == 0x1)  // PROTOCOL_ERROR
            #expect(h.standIn.received.isEmpty)
        }
    }

    @Test("A header block over max_header_bytes cuts the connection off and nothing reaches upstream")
    func headerBlockTooLarge() async throws {
        try await TLSGateway.with { h, port in
            let connection = try await TLSGateway.connectH2(port: port)
            // Wait for the gateway's SETTINGS so the acknowledged limit is in force.
            #expect(await connection.waitForReceived(timeout: .seconds(5)) { !H2.settings(in: H2.frames(in: $0)).isEmpty })
            let big = H2.request("GET", "/api/v1/Contact/5", extra: [("x-big", String(repeating: "a", count: 15_000)), ("x-big2", String(repeating: "b", count: 15_000))])
            let block = H2.block(big)
            await connection.write(
                H2.headers(1, [], endStream: true, endHeaders: false)
                    + H2.continuation(1, payload: Array(block[..<15_000]), endHeaders: false)
                    + H2.continuation(1, payload: Array(block[15_000...]), endHeaders: true)
            )
            _ = try #require(await connection.waitForClose(timeout: .seconds(5)), "still open")
            #expect(H2.goAway(in: connection.received) != nil)
            #expect(h.standIn.received.isEmpty)
        }
    }
}
