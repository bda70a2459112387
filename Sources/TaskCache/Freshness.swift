import NIOCore

/// What to do with a cached answer of a given age, as a value the request path switches on.
public enum Freshness: Sendable, Equatable {
    /// Serve it; it stays fresh for `remaining`.
    case fresh(remaining: TimeAmount)
    /// Serve it and refresh it in the background.
    case staleWhileRevalidate
    /// Go upstream; if that fails, serve it.
    case staleIfErrorOnly
    /// Treat as a miss.
    case expired
}
