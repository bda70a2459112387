import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import UpstreamTransport

@Suite struct TimeoutTests {
    @Test func mixedTimeoutsExpireInDeadlineOrder() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group) { _, _, _ in .ignore }
            let loop = group.next()
            let endpoint = local(server.port)
            let order = NIOLockedValueBox<[Int]>([])
            // Issued longest first, so each later request has an earlier deadline than the callback already set.
            let futures = try await loop.submit {
                [600, 200, 400].map { milliseconds in
                    pool.execute(
                        UpstreamRequest(method: .GET, target: "/\(milliseconds)", timeout: .milliseconds(Int64(milliseconds))),
                        to: endpoint, on: loop
                    ).always { _ in order.withLockedValue { $0.append(milliseconds) } }
                }
            }.get()
            for future in futures {
                await #expect(throws: UpstreamError.timeout) { try await future.get() }
            }
            #expect(order.withLockedValue { $0 } == [200, 400, 600])
            await server.stop()
        }
    }

    @Test func aTimeoutElsewhereDoesNotDisturbOtherRequests() async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group) { request in
                request.head.uri == "/never" ? .init(silent: true) : .init(body: "fine")
            }
            let loop = group.next()
            let endpoint = local(server.port)
            let stuck = pool.execute(UpstreamRequest(method: .GET, target: "/never", timeout: .milliseconds(150)), to: endpoint, on: loop)
            for _ in 0..<5 {
                let response = try await pool.send(.GET, "/ok", to: endpoint, on: loop, timeout: .seconds(10))
                #expect(response.text == "fine")
            }
            await #expect(throws: UpstreamError.timeout) { try await stuck.get() }
            let after = try await pool.send(.GET, "/ok", to: endpoint, on: loop, timeout: .seconds(10))
            #expect(after.text == "fine")
            await server.stop()
        }
    }
}
