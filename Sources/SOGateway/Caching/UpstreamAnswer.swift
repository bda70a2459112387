import NIOCore

/// An upstream task answer checked to be a storable array and decoded, so the whole-answer and the
/// per-associate paths store exactly the same kind of bytes.
struct UpstreamAnswer: Sendable {
    /// The uncompressed body.
    var identityBody: ByteBuffer
    /// `Content-Type` as upstream sent it (or the representation's default).
    var contentType: String
    /// Upstream's own gzip bytes, when it sent gzip (kept when smaller than ours).
    var upstreamGzip: ByteBuffer?
}
