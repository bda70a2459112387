import TaskCache

/// Where a request goes: decided once by the routing stage, read by every later stage.
public enum Route: Sendable, Equatable {
    /// Not routed yet (only before the routing stage runs).
    case unrouted
    /// Forwarded as it is; `apiTarget` is the `/api/...` path plus query, relative to the tenant base.
    case passThrough(apiTarget: String)
    /// A cacheable Batch agent call.
    case task(TaskEndpoint, apiTarget: String)
    /// A Batch agent write that makes cached answers stale (`cache.invalidate_on_write`); forwarded as it is.
    case taskWrite(BatchWrite, apiTarget: String)

    /// The origin-form target relative to the tenant base (`/api/v1/...?...`).
    public var apiTarget: String {
        switch self {
        case .unrouted: return ""
        case .passThrough(let target), .task(_, let target), .taskWrite(_, let target): return target
        }
    }

    /// The label metrics and access logs use: `task`, `agent`, `rest`, or `none`.
    public var routeClass: String {
        switch self {
        case .unrouted: return "none"
        case .task: return "task"
        case .taskWrite: return "agent"
        case .passThrough(let target):
            return HeaderName.hasPrefix(target, "/api/v1/agents/") ? "agent" : "rest"
        }
    }
}
