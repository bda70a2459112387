import NIOCore
import NIOHTTP1
import TaskCache

/// Decides whether a request is a pass-through `/api/...` call or a cacheable task call, and accepts the
/// `/{context}/api/...` form SuperOffice's own client libraries build, so an integration moves behind the
/// gateway by changing only its host and its token.
public struct RoutingStage: GatewayStage {
    /// The tenant context (e.g. `Cust12345`) the `/{context}/api` form must name; nil when the upstream has none.
    let context: String?
    /// Batch agent methods answered through the task cache; empty when the cache is off.
    let cachedEndpoints: [String: TaskEndpoint]

    public init(context: String?, cachedEndpoints: [TaskEndpoint]) {
        self.context = context?.lowercased()
        var map = [String: TaskEndpoint]()
        for endpoint in cachedEndpoints {
            map["/api/v1/agents/batch/" + endpoint.rawValue.lowercased()] = endpoint
        }
        self.cachedEndpoints = map
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

    /// Pure routing decision, separated for unit tests.
    public func route(uri: String, method: HTTPMethod) -> Result<Route, Problem> {
        let pathEnd = uri.firstIndex(where: { $0 == "?" }) ?? uri.endIndex
        let path = uri[uri.startIndex..<pathEnd]
        let query = uri[pathEnd...]
        guard path.first == "/" else {
            return .failure(.badRequest(detail: "The request target must be an absolute path."))
        }
        if Self.hasDotSegment(path) {
            // `..` could climb out of the tenant base on the upstream host; refuse rather than normalise.
            return .failure(.badRequest(detail: "The request path must not contain dot segments."))
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard let first = segments.first else { return .failure(.notFound()) }
        let apiPath: Substring
        if first.lowercased() == "api" {
            apiPath = path
        } else if segments.count >= 2, segments[segments.startIndex + 1].lowercased() == "api" {
            guard let context, first.lowercased() == context else {
                return .failure(.notFound(detail: "Unknown tenant context in the path."))
            }
            apiPath = path[path.index(path.startIndex, offsetBy: first.count + 1)...]
        } else {
            return .failure(.notFound())
        }
        let target = String(apiPath) + query
        if method == .POST, let endpoint = cachedEndpoints[apiPath.lowercased()] {
            return .success(.task(endpoint, apiTarget: target))
        }
        return .success(.passThrough(apiTarget: target))
    }

    /// True when any path segment is `.` or `..`, also percent-encoded.
    static func hasDotSegment(_ path: Substring) -> Bool {
        for segment in path.split(separator: "/") where segment.utf8.count <= 6 {
            switch segment.lowercased() {
            case ".", "..", "%2e", "%2e%2e", ".%2e", "%2e.": return true
            default: continue
            }
        }
        return false
    }
}
