import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import SOGateway
import UpstreamTransport

/// Fail closed: the stages that act on the partner take only an `AuthenticatedClient`, which only a checked
/// key produces, and refuse a request that reaches them without one instead of passing it on.
@Suite("Authenticated client (fail closed)")
struct AuthenticatedClientTests {
    /// The end of a chain: records that a request got this far.
    struct Reached: GatewayStage {
        let count = NIOLockedValueBox(0)
        func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
            count.withLockedValue { $0 += 1 }
            return request.eventLoop.makeSucceededFuture(GatewayResponse(status: .ok))
        }
    }

    func unauthenticated(on loop: any EventLoop) -> GatewayRequest {
        var headers = HTTPHeaders()
        headers.add(name: "X-API-Key", value: TestKeys.partnerA)  // presented, but no stage checked it
        return GatewayRequest(
            head: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/api/v1/Contact/5", headers: headers), body: nil,
            requestId: "r1", remoteAddress: "127.0.0.1", isTLS: false, receivedAt: .now(), eventLoop: loop
        )
    }

    @Test("The policy stage refuses a request no stage authenticated with 401, and nothing after it runs")
    func policyFailsClosed() throws {
        let loop = EmbeddedEventLoop()
        let reached = Reached()
        let chain = StageChain([PolicyStage(trustedProxies: [], metrics: nil), reached])
        let response = try chain.run(unauthenticated(on: loop)).wait()
        #expect(response.status == .unauthorized)
        #expect(reached.count.withLockedValue { $0 } == 0)
    }

    @Test("The rate-limit stage refuses a request no stage authenticated with 401, and nothing after it runs")
    func rateLimitFailsClosed() throws {
        let loop = EmbeddedEventLoop()
        let reached = Reached()
        for position in [ClientRateLimitStage.Position.beforeCache, .afterCache] {
            let stage = ClientRateLimitStage(position: position, store: LocalBucketStore(), concurrency: ConcurrencyLimiter(), metrics: nil)
            let response = try StageChain([stage, reached]).run(unauthenticated(on: loop)).wait()
            #expect(response.status == .unauthorized)
        }
        #expect(reached.count.withLockedValue { $0 } == 0)
    }
}
