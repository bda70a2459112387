/// The content codings the gateway can produce or undo, so negotiation and compression share one vocabulary.
public enum ContentCoding: String, Sendable, CaseIterable {
    case gzip
    case deflate
    case identity

    /// Maps an `Accept-Encoding` / `Content-Encoding` token to a coding; `x-gzip` is the RFC 9110 alias of gzip.
    /// - Parameter token: a coding token, compared case-insensitively.
    /// - Returns: the coding, or nil for codings the gateway does not know (br, zstd, ...).
    public init?(token: String) {
        switch token.lowercased() {
        case "gzip", "x-gzip": self = .gzip
        case "deflate": self = .deflate
        case "identity": self = .identity
        default: return nil
        }
    }
}
