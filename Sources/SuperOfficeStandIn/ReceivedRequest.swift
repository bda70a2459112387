/// One request exactly as the stand-in received it, so tests can assert what the gateway sent upstream.
public struct ReceivedRequest: Sendable {
    public var method: String
    /// The path without the query string, as sent (not decoded).
    public var path: String
    /// The raw query string without `?`, or nil when there was none.
    public var query: String?
    /// Every header in arrival order, names as sent.
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// `ip:port` of the peer.
    public var remoteAddress: String?

    public init(
        method: String, path: String, query: String?, headers: [(String, String)], body: [UInt8], remoteAddress: String?
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The first value of the header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.0.lowercased() == wanted }?.1
    }

    /// Every value of the header `name` (case-insensitive), in arrival order.
    public func headerValues(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.0.lowercased() == wanted }.map(\.1)
    }

    /// The body decoded as UTF-8, for readable assertions.
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }
}
