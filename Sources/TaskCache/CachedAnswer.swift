import Crypto
import GatewayCompression
import NIOCore
import ExtrasBase64

/// One cached upstream answer, kept only gzipped, so the cache holds several times more answers per byte
/// and gzip-accepting clients are served without compressing again.
public struct CachedAnswer: Sendable {
    /// The body compressed once; the only copy kept.
    public var gzipBody: ByteBuffer
    /// The uncompressed body's length (the bound used when inflating for identity-only clients).
    public var identityLength: Int
    /// `Content-Type` as upstream sent it.
    public var contentType: String
    /// Strong ETag, quoted: base64url of the first 128 bits of the uncompressed body's SHA-256.
    public var etag: String
    /// When upstream's answer was stored.
    public var storedAt: NIODeadline
    /// How long after `storedAt` it is fresh: `cache.ttl`, or `cache.active_ttl` when it holds a task that may
    /// still move on (`FreshnessPolicy.lifetime(hasActiveTask:)`).
    public var lifetime: TimeAmount
    /// The associates the answer covers, for purge by associate.
    public var associates: AssociateSet

    /// Fixed bookkeeping per entry (store node, key, key index slot, strings' heap storage), counted toward
    /// `max_bytes`.
    public static let fixedOverhead = 512
    /// Per associate: the id in the key and in the answer, and its associate-index slot (a dictionary entry
    /// with load-factor headroom).
    public static let perAssociateOverhead = 48

    /// Bytes of the entry beyond the compressed body: bookkeeping, strings and the associate index.
    public var overhead: Int {
        Self.fixedOverhead + contentType.utf8.count + etag.utf8.count + associates.count * Self.perAssociateOverhead
    }

    /// What counts toward `max_bytes`: the memory the body really holds (NIO rounds buffer capacities up to a
    /// power of two) plus the overhead, so `max_bytes` bounds the process's memory, not just the payload.
    public var cost: Int { gzipBody.capacity + overhead }

    /// Creates an answer from parts already computed.
    /// - Parameters:
    ///   - gzipBody: the gzipped body.
    ///   - identityLength: the uncompressed length.
    ///   - contentType: upstream's `Content-Type`.
    ///   - etag: the quoted strong ETag.
    ///   - storedAt: when it was stored.
    ///   - lifetime: how long after `storedAt` it is fresh.
    ///   - associates: the associates it covers.
    public init(
        gzipBody: ByteBuffer,
        identityLength: Int,
        contentType: String,
        etag: String,
        storedAt: NIODeadline,
        lifetime: TimeAmount,
        associates: AssociateSet
    ) {
        self.gzipBody = gzipBody
        self.identityLength = identityLength
        self.contentType = contentType
        self.etag = etag
        self.storedAt = storedAt
        self.lifetime = lifetime
        self.associates = associates
    }

    /// Compresses an upstream body once and derives its ETag.
    /// - Parameters:
    ///   - identityBody: the uncompressed body.
    ///   - contentType: upstream's `Content-Type`.
    ///   - associates: the associates it covers.
    ///   - level: gzip level 0...9.
    ///   - now: the time to record as `storedAt`.
    ///   - lifetime: how long after `now` it is fresh.
    ///   - allocator: allocates the compressed copy.
    public static func make(
        identityBody: ByteBuffer,
        contentType: String,
        associates: AssociateSet,
        level: Int,
        now: NIODeadline,
        lifetime: TimeAmount,
        allocator: ByteBufferAllocator
    ) throws -> CachedAnswer {
        let compressed = try HTTPCompression.gzip(identityBody, level: level, allocator: allocator)
        // The compressor's buffer is sized for the worst case (about the input size); keep a tight copy so the
        // memory held matches `cost`.
        var compact = allocator.buffer(capacity: compressed.readableBytes)
        compact.writeImmutableBuffer(compressed)
        return CachedAnswer(
            gzipBody: compact,
            identityLength: identityBody.readableBytes,
            contentType: contentType,
            etag: strongETag(of: identityBody),
            storedAt: now,
            lifetime: lifetime,
            associates: associates
        )
    }

    /// The uncompressed body, for clients that do not accept gzip.
    /// - Parameter allocator: allocates the inflated copy.
    public func identityBody(allocator: ByteBufferAllocator) throws(DecompressionError) -> ByteBuffer {
        try HTTPCompression.decompress(gzipBody, coding: .gzip, maxSize: identityLength, allocator: allocator)
    }

    /// The quoted strong ETag for a body: `"` + 22 base64url characters + `"`.
    /// - Parameter body: the uncompressed body.
    public static func strongETag(of body: ByteBuffer) -> String {
        var hasher = SHA256()
        body.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        return "\"" + Base64.encodeToString(bytes: Array(hasher.finalize()).prefix(16), options: [.base64UrlAlphabet, .omitPaddingCharacter]) + "\""
    }
}
