import NIOHTTP1

/// Task-route bodies are parsed only as sent: a `Content-Encoding` other than `identity` is refused with
/// 415, so a gzip bomb is never inflated and the cache key never depends on a decoder (RFC 9110 §15.5.16).
///
/// Task bodies are a few hundred bytes of ids, so no partner needs to compress them; pass-through calls
/// keep their `Content-Encoding` and are forwarded as received, bounded by `limits.max_body`.
enum TaskBodyEncoding {
    /// The 415 problem for a body with a content coding, or nil when the body can be parsed as it is.
    /// - Parameter headers: the partner's request headers.
    static func problem(for headers: HTTPHeaders) -> Problem? {
        guard isEncoded(headers) else { return nil }
        return .unsupportedContentEncoding()
    }

    /// Whether the body carries a content coding other than `identity`.
    /// - Parameter headers: the partner's request headers.
    static func isEncoded(_ headers: HTTPHeaders) -> Bool {
        let codings = headers["Content-Encoding"].flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces() }
        return codings.contains(where: { !$0.isEmpty && !HeaderName.equals($0.utf8, literal: "identity") })
    }
}
