import NIOCore
import NIOHTTP1
import TaskCache

/// Decides whether a request is a pass-through `/api/...` call or a cacheable task call, and accepts the
/// `/{context}/api/...` form SuperOffice's own client libraries build, so an integration moves behind the
/// gateway by changing only its host and its token.
public struct RoutingStage: GatewayStage {
    /// The tenant context (e.g. `Cust12345`) the `/{context}/api` form must name; nil when the upstream has none.
    let context: String?
    /// Batch agent methods answered through the task cache (lowercased `/api/v1/agents/batch/...` paths);
    /// empty when the cache is off. A short list compared byte-wise: no lowercased copy per request.
    let cachedEndpoints: [(path: [UInt8], endpoint: TaskEndpoint)]
    /// Batch agent writes that evict cached answers; empty when the cache or `invalidate_on_write` is off.
    let writeEndpoints: [(path: [UInt8], write: BatchWrite)]

    public init(context: String?, cachedEndpoints: [TaskEndpoint], writeEndpoints: [BatchWrite] = []) {
        self.context = context?.lowercased()
        self.cachedEndpoints = cachedEndpoints.map { endpoint in
            (Self.batchPath(endpoint.rawValue), endpoint)
        }
        self.writeEndpoints = writeEndpoints.map { write in (Self.batchPath(write.rawValue), write) }
    }

    private static func batchPath(_ method: String) -> [UInt8] {
        Array(("/api/v1/agents/batch/" + method.lowercased()).utf8)
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        switch route(uri: request.head.uri, method: request.head.method) {
        case .success(let route):
            var request = request
            request.route = route
            request.facts.routeClass = route.routeClass
            return next(request)
        case .failure(let problem):
            return request.eventLoop.makeSucceededFuture(problem.response(requestId: request.requestId))
        }
    }

    /// Pure routing decision, separated for unit tests. Runs on every request, so it scans the target's
    /// bytes once instead of splitting and lowercasing it.
    public func route(uri: String, method: HTTPMethod) -> Result<Route, Problem> {
        let utf8 = uri.utf8
        let slash = UInt8(ascii: "/")
        let pathEnd = utf8.firstIndex(of: UInt8(ascii: "?")) ?? utf8.endIndex
        guard utf8.first == slash else {
            return .failure(.badRequest(detail: "The request target must be an absolute path."))
        }
        if Self.hasDotSegment(utf8[utf8.startIndex..<pathEnd]) {
            // `..` could climb out of the tenant base on the upstream host; refuse rather than normalise.
            return .failure(.badRequest(detail: "The request path must not contain dot segments."))
        }
        let firstStart = utf8.index(after: utf8.startIndex)
        let firstEnd = utf8[firstStart..<pathEnd].firstIndex(of: slash) ?? pathEnd
        let apiStart: String.Index
        if HeaderName.equals(utf8[firstStart..<firstEnd], literal: "api") {
            apiStart = utf8.startIndex
        } else if firstEnd < pathEnd {
            let secondStart = utf8.index(after: firstEnd)
            let secondEnd = utf8[secondStart..<pathEnd].firstIndex(of: slash) ?? pathEnd
            guard HeaderName.equals(utf8[secondStart..<secondEnd], literal: "api") else { return .failure(.notFound()) }
            guard let context, HeaderName.equals(utf8[firstStart..<firstEnd], lowercase: context.utf8) else {
                return .failure(.notFound(detail: "Unknown tenant context in the path."))
            }
            apiStart = firstEnd
        } else {
            return .failure(.notFound())
        }
        let target = String(uri[apiStart...])
        if method == .POST {
            let apiPath = utf8[apiStart..<pathEnd]
            for cached in cachedEndpoints where HeaderName.equals(apiPath, lowercase: cached.path) {
                return .success(.task(cached.endpoint, apiTarget: target))
            }
            for write in writeEndpoints where HeaderName.equals(apiPath, lowercase: write.path) {
                return .success(.taskWrite(write.write, apiTarget: target))
            }
        }
        return .success(.passThrough(apiTarget: target))
    }

    /// True when any path segment is `.` or `..`, also percent-encoded (`%2e`, `.%2E`, ...).
    static func hasDotSegment(_ path: Substring.UTF8View) -> Bool {
        var index = path.startIndex
        while index < path.endIndex {
            let segmentEnd = path[index...].firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
            if isDotSegment(path[index..<segmentEnd]) { return true }
            index = segmentEnd == path.endIndex ? segmentEnd : path.index(after: segmentEnd)
        }
        return false
    }

    /// `.` or `..`, where each dot may be written `%2e` / `%2E`.
    private static func isDotSegment(_ segment: Substring.UTF8View) -> Bool {
        var dots = 0
        var index = segment.startIndex
        while index < segment.endIndex {
            if segment[index] == UInt8(ascii: ".") {
                index = segment.index(after: index)
            } else if segment[index] == UInt8(ascii: "%"), segment.distance(from: index, to: segment.endIndex) >= 3,
                segment[segment.index(index, offsetBy: 1)] == UInt8(ascii: "2"),
                segment[segment.index(index, offsetBy: 2)] | 0x20 == UInt8(ascii: "e")
            {
                index = segment.index(index, offsetBy: 3)
            } else {
                return false
            }
            dots += 1
            if dots > 2 { return false }
        }
        return dots > 0
    }
}
