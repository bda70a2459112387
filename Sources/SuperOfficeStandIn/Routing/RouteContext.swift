import NIOCore

/// One request plus the clocks it is judged against.
struct RouteContext: Sendable {
    var request: StandInRequest
    /// Monotonic now, for credential lifetimes and throttle windows.
    var now: NIODeadline
    /// Wall-clock seconds since 1970, for entity dates and signed timestamps.
    var nowEpoch: Int64
    /// `http://host:port` as the client addressed this server.
    var baseURL: String
}
