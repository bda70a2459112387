import GatewayClock
import NIOCore
import NIOHTTP1
import UpstreamTransport

/// The last stage: sends the call to SuperOffice over the transport and turns transport failures into
/// 502/504 problems. The answer comes back with hop-by-hop headers and cookies removed.
public struct ForwardStage: GatewayStage {
    let transport: any UpstreamTransport
    let locator: any UpstreamLocator
    let timeout: TimeAmount
    /// Told about every upstream answer, so 429/503 with Retry-After pause upstream calls.
    let circuit: UpstreamCircuit?
    /// When tracing: each upstream call gets a client span, child of the request's server span, and carries it
    /// upstream as `traceparent`.
    let spans: (any SpanSource)?
    /// Times the upstream call (the access log's and the span's upstream duration).
    let clock: GatewayClock

    public init(
        transport: any UpstreamTransport, locator: any UpstreamLocator, timeout: TimeAmount, circuit: UpstreamCircuit? = nil,
        clock: GatewayClock = .system
    ) {
        self.init(transport: transport, locator: locator, timeout: timeout, circuit: circuit, spans: nil, clock: clock)
    }

    init(
        transport: any UpstreamTransport, locator: any UpstreamLocator, timeout: TimeAmount, circuit: UpstreamCircuit?,
        spans: (any SpanSource)?, clock: GatewayClock
    ) {
        self.spans = spans
        self.clock = clock
        self.transport = transport
        self.locator = locator
        self.timeout = timeout
        self.circuit = circuit
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        guard let base = locator.currentBase() else {
            return request.eventLoop.makeSucceededFuture(
                Problem.badGateway(detail: "The SuperOffice tenant's address is not known yet.").response(requestId: request.requestId)
            )
        }
        var upstreamRequest = UpstreamRequest(
            method: request.head.method,
            target: base.basePath + request.route.apiTarget,
            headers: request.upstreamHeaders,
            body: request.body,
            timeout: timeout
        )
        if case .task = request.route {
            // Read-only agent calls may be retried on a keep-alive connection the upstream closed meanwhile.
            upstreamRequest.retryOnStaleConnection = true
        }
        let clock = self.clock
        let started = clock.now()
        let requestId = request.requestId
        let circuit = self.circuit
        let facts = request.facts
        let span = spans.flatMap { spans in
            facts.traceContext.map { Self.startClientSpan(spans, parent: $0, request: &upstreamRequest, base: base) }
        }
        // One promise completed from one callback: `map` + `flatMapErrorThrowing` would make two more.
        let promise = request.eventLoop.makePromise(of: GatewayResponse.self)
        transport.execute(upstreamRequest, to: base.endpoint, on: request.eventLoop).whenComplete { result in
            switch result {
            case .success(let upstream):
                let response = Self.shape(upstream, upstreamDuration: clock.now() - started)
                facts.upstreamStatus = upstream.status.code
                facts.upstreamDuration = response.annotations.upstreamDuration
                span?.ended(status: upstream.status.code, error: nil)
                if upstream.status == .tooManyRequests || upstream.status == .serviceUnavailable {
                    circuit?.observe(response)
                }
                promise.succeed(response)
            case .failure(let error):
                var response = Self.problem(for: error).response(requestId: requestId)
                response.annotations.upstreamDuration = clock.now() - started
                facts.upstreamDuration = response.annotations.upstreamDuration
                span?.ended(status: nil, error: error)
                promise.succeed(response)
            }
        }
        return promise.futureResult
    }

    /// Removes what must not reach the partner and records what later stages need.
    static func shape(_ upstream: UpstreamResponse, upstreamDuration: TimeAmount) -> GatewayResponse {
        var headers = upstream.headers
        HopByHop.strip(&headers)
        let cookies = headers["Set-Cookie"]
        if !cookies.isEmpty {
            headers.remove(name: "Set-Cookie")
        }
        var response = GatewayResponse(
            status: upstream.status, headers: headers,
            body: upstream.body.readableBytes > 0 ? upstream.body : nil
        )
        response.annotations.wentUpstream = true
        response.annotations.upstreamSetCookies = cookies
        response.annotations.upstreamDuration = upstreamDuration
        return response
    }

    /// The documented mapping: unreachable or broken upstream → 502, too slow → 504.
    static func problem(for error: any Error) -> Problem {
        guard let error = error as? UpstreamError else {
            return .badGateway(detail: "SuperOffice could not be reached.")
        }
        switch error {
        case .timeout:
            return .gatewayTimeout(detail: "SuperOffice did not answer within the gateway's upstream timeout.")
        case .connectTimeout:
            return .gatewayTimeout(detail: "Connecting to SuperOffice timed out.")
        case .connectFailed:
            return .badGateway(detail: "SuperOffice refused the connection or could not be reached.")
        case .connectionClosed:
            return .badGateway(detail: "SuperOffice closed the connection before answering completely.")
        case .responseTooLarge:
            return .badGateway(detail: "SuperOffice's answer exceeded the gateway's size limit.")
        case .invalidResponse:
            return .badGateway(detail: "SuperOffice sent an answer that is not valid HTTP.")
        case .requestNotSerializable:
            return .requestNotForwardable()
        case .tlsFailure:
            return .badGateway(detail: "The TLS handshake with SuperOffice failed.")
        case .shutdown:
            return .serviceUnavailable(detail: "The gateway is shutting down.", retryAfterSeconds: 1)
        }
    }
}
