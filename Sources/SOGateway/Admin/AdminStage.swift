import NIOCore
import NIOHTTP1
import TaskCache

/// The admin listener's only stage: health, readiness, metrics and cache purge, on their own port so
/// partner traffic and operator traffic never share a listener or a key.
public struct AdminStage: GatewayStage {
    let gateway: SnapshotSource
    let metrics: GatewayMetrics
    let readiness: ReadinessCheck
    /// Digests of `admin.api_keys_sha256`; when empty, metrics are open and purge is disabled.
    let adminKeys: Set<KeyDigest>
    /// What `/status` and `/status.json` show; nil where no gateway runs behind the stage.
    let status: StatusSource?
    /// Sets the state gauges (circuit, store, credentials) right before each scrape.
    let beforeScrape: @Sendable () -> Void

    public init(
        gateway: SnapshotSource, metrics: GatewayMetrics, readiness: ReadinessCheck, adminKeys: [String], status: StatusSource? = nil,
        beforeScrape: @escaping @Sendable () -> Void = {}
    ) {
        self.status = status
        self.beforeScrape = beforeScrape
        self.gateway = gateway
        self.metrics = metrics
        self.readiness = readiness
        self.adminKeys = Set(adminKeys.compactMap(KeyDigest.init(hex:)))
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        let uri = request.head.uri
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        let loop = request.eventLoop
        switch (request.head.method, path) {
        case (.GET, "/healthz"), (.HEAD, "/healthz"):
            return loop.makeSucceededFuture(json(.ok) { $0.member("status", string: "ok") })
        case (.GET, "/readyz"), (.HEAD, "/readyz"):
            return readiness.evaluate(on: loop).map { report in
                json(report.ready ? .ok : .serviceUnavailable) { writer in
                    writer.member("status", string: report.ready ? "ready" : "not-ready")
                    writer.beginObject("checks")
                    for check in report.checks {
                        writer.member(check.name, string: check.ok ? "ok" : check.detail)
                    }
                    writer.endObject()
                }
            }
        case (.GET, "/metrics"):
            guard authorized(request) else { return unauthorized(request) }
            metrics.updateCache(gateway.current.cache)
            beforeScrape()
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
            return loop.makeSucceededFuture(GatewayResponse(status: .ok, headers: headers, body: ByteBuffer(bytes: metrics.render())))
        case (.GET, "/status"), (.GET, "/status.json"):
            guard let status else { break }
            guard authorizedForStatus(request) else { return statusUnauthorized(request) }
            let report = status.report()
            return loop.makeSucceededFuture(path == "/status" ? Self.html(StatusPage.render(report)) : json(.ok, report.json()))
        case (.POST, "/cache/purge"), (.DELETE, "/cache"):
            guard !adminKeys.isEmpty else {
                return loop.makeSucceededFuture(Problem.purgeDisabled().response(requestId: request.requestId))
            }
            guard authorized(request) else { return unauthorized(request) }
            return purge(request, target: uri)
        default:
            break
        }
        return loop.makeSucceededFuture(
            Problem.notFound(detail: "Admin endpoints: /healthz, /readyz, /metrics, /status, /status.json, POST /cache/purge[?associate=N].")
                .response(requestId: request.requestId)
        )
    }

    /// Answers once the shared tier (if any) has dropped the entries too, so a read after the purge's answer
    /// finds them gone on every replica's path to Redis.
    private func purge(_ request: GatewayRequest, target: String) -> EventLoopFuture<GatewayResponse> {
        // Through the cache state, so the purge also reaches the shared tier and other replicas on `cache.bus`.
        let cache = gateway.current.cache
        let loop = request.eventLoop
        if let raw = QueryParameters.value(named: "associate", in: target) {
            guard let associate = Int32(raw) else {
                return loop.makeSucceededFuture(Problem.badRequest(detail: "associate must be an int32.").response(requestId: request.requestId))
            }
            let (purged, shared) = cache.invalidate(Invalidation(associates: [associate]), reason: .purge, on: loop)
            return (shared ?? loop.makeSucceededVoidFuture()).hop(to: loop).map { _ in
                json(.ok) { $0.member("purged", int: purged); $0.member("associate", int: Int(associate)) }
            }
        }
        let (purged, shared) = cache.invalidate(.all, reason: .purge, on: loop)
        return (shared ?? loop.makeSucceededVoidFuture()).hop(to: loop).map { _ in json(.ok) { $0.member("purged", int: purged) } }
    }

    func authorized(_ request: GatewayRequest) -> Bool {
        if adminKeys.isEmpty { return true }
        guard let key = ClientAuthStage.presentedKey(in: request.head.headers) else { return false }
        return adminKeys.contains(KeyDigest(hashing: key.utf8))
    }

    private func unauthorized(_ request: GatewayRequest) -> EventLoopFuture<GatewayResponse> {
        request.eventLoop.makeSucceededFuture(Problem.unauthorized().response(requestId: request.requestId))
    }

    private func json(_ status: HTTPResponseStatus, _ fill: (inout JSONWriter) -> Void) -> GatewayResponse {
        var writer = JSONWriter()
        writer.beginObject()
        fill(&writer)
        writer.endObject()
        return json(status, writer)
    }

    func json(_ status: HTTPResponseStatus, _ writer: JSONWriter) -> GatewayResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Cache-Control", value: "no-store")
        return GatewayResponse(status: status, headers: headers, body: writer.buffer())
    }
}
