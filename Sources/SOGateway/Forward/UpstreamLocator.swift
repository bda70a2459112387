import UpstreamTransport

/// Where the tenant's WebAPI lives right now: a host and the base path a partner's `/api/...` is appended to.
public struct UpstreamBase: Sendable, Equatable {
    public var endpoint: UpstreamEndpoint
    /// e.g. `/Cust12345`; empty when the API sits at the host root.
    public var basePath: String

    public init(endpoint: UpstreamEndpoint, basePath: String) {
        self.endpoint = endpoint
        self.basePath = basePath
    }
}

/// Resolves the current upstream base. Static for `upstream.url`; tenant discovery replaces it at run time.
public protocol UpstreamLocator: Sendable {
    /// The base to use now, or nil when it is not known yet (discovery pending or failed).
    func currentBase() -> UpstreamBase?
}

/// The fixed base from `upstream.url`.
public struct StaticUpstreamLocator: UpstreamLocator {
    let base: UpstreamBase

    public init(base: UpstreamBase) {
        self.base = base
    }

    public func currentBase() -> UpstreamBase? { base }
}
