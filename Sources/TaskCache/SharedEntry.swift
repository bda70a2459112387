import Crypto
import NIOCore

/// A cached answer as the shared tier (Redis) holds it: the same gzip bytes as the local store, with what
/// another replica needs to serve it (content type, ETag, when it was stored by the wall clock, its lifetime,
/// its associates and tasks) and the shared tier's invalidation epoch it was written under.
///
/// The bytes are checked before anything is believed: magic, version, declared length, a SHA-256 checksum
/// over the key's digest and the payload (so bytes copied under another key fail too), then every field's
/// bounds. Hand-written because the layout is ours; the checksum is swift-crypto's.
public struct SharedEntry: Sendable, Equatable {
    /// The shared tier's epoch when written; an entry from an older epoch ("invalidate everything") is dead.
    public var epoch: UInt64
    /// When upstream's answer was stored, in nanoseconds since 1970 (replicas share no monotonic clock).
    public var storedAtWallNanos: Int64
    /// How long after `storedAtWallNanos` it is fresh.
    public var lifetimeNanos: Int64
    public var identityLength: Int
    public var contentType: String
    public var etag: String
    public var associates: AssociateSet
    /// The tasks in the answer, so a replica that reads it can resolve writes by task id.
    public var tasks: [TaskRef]
    public var gzipBody: ByteBuffer

    static let magic: [UInt8] = Array("SOGE".utf8)
    /// Bumped whenever the layout changes (also part of the key namespace, so versions never read each other).
    public static let formatVersion: UInt8 = 1
    static let checksumLength = 16
    /// magic + version + checksum + payload length.
    static let headerLength = 4 + 1 + checksumLength + 4

    public init(
        epoch: UInt64, storedAtWallNanos: Int64, lifetimeNanos: Int64, identityLength: Int, contentType: String, etag: String,
        associates: AssociateSet, tasks: [TaskRef], gzipBody: ByteBuffer
    ) {
        self.epoch = epoch
        self.storedAtWallNanos = storedAtWallNanos
        self.lifetimeNanos = lifetimeNanos
        self.identityLength = identityLength
        self.contentType = contentType
        self.etag = etag
        self.associates = associates
        self.tasks = tasks
        self.gzipBody = gzipBody
    }

    /// The stored bytes for the entry named `keyDigest`.
    public func encoded(keyDigest: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        var payload = allocator.buffer(capacity: 64 + contentType.utf8.count + etag.utf8.count + associates.count * 4 + tasks.count * 8 + gzipBody.readableBytes)
        payload.writeInteger(epoch)
        payload.writeInteger(storedAtWallNanos)
        payload.writeInteger(lifetimeNanos)
        payload.writeInteger(UInt32(clamping: identityLength))
        Self.writeText(contentType, into: &payload)
        Self.writeText(etag, into: &payload)
        payload.writeInteger(UInt32(associates.count))
        for id in associates.ids { payload.writeInteger(id) }
        payload.writeInteger(UInt32(tasks.count))
        for task in tasks {
            payload.writeInteger(task.id)
            payload.writeInteger(task.associateId)
        }
        payload.writeInteger(UInt32(gzipBody.readableBytes))
        payload.writeImmutableBuffer(gzipBody)
        var buffer = allocator.buffer(capacity: Self.headerLength + payload.readableBytes)
        buffer.writeBytes(Self.magic)
        buffer.writeInteger(Self.formatVersion)
        buffer.writeBytes(Self.checksum(keyDigest: keyDigest, payload: payload))
        buffer.writeInteger(UInt32(payload.readableBytes))
        buffer.writeImmutableBuffer(payload)
        return buffer
    }

    /// Reads and checks stored bytes; throws why they cannot be trusted.
    /// - Parameters:
    ///   - bytes: what Redis returned.
    ///   - keyDigest: the key they were read under.
    ///   - maxIdentityLength: the most an answer may inflate to (the cache's decode bound).
    public init(decoding bytes: ByteBuffer, keyDigest: String, maxIdentityLength: Int) throws(SharedEntryError) {
        var buffer = bytes
        guard buffer.readableBytes >= Self.headerLength, buffer.readBytes(length: 4) == Self.magic else { throw .malformed }
        guard buffer.readInteger(as: UInt8.self) == Self.formatVersion else { throw .version }
        guard let checksum = buffer.readBytes(length: Self.checksumLength), let length = buffer.readInteger(as: UInt32.self) else {
            throw .malformed
        }
        guard Int(length) == buffer.readableBytes else { throw .length }
        guard checksum == Self.checksum(keyDigest: keyDigest, payload: buffer) else { throw .checksum }
        guard let epoch = buffer.readInteger(as: UInt64.self),
            let storedAt = buffer.readInteger(as: Int64.self),
            let lifetime = buffer.readInteger(as: Int64.self), lifetime >= 0,
            let identityLength = buffer.readInteger(as: UInt32.self), Int(identityLength) <= maxIdentityLength,
            let contentType = Self.readText(from: &buffer),
            let etag = Self.readText(from: &buffer),
            let associateCount = buffer.readInteger(as: UInt32.self), Int(associateCount) * 4 <= buffer.readableBytes
        else { throw .malformed }
        var ids: [Int32] = []
        ids.reserveCapacity(Int(associateCount))
        for _ in 0..<associateCount {
            guard let id = buffer.readInteger(as: Int32.self) else { throw .malformed }
            ids.append(id)
        }
        guard let taskCount = buffer.readInteger(as: UInt32.self), Int(taskCount) * 8 <= buffer.readableBytes else { throw .malformed }
        var tasks: [TaskRef] = []
        tasks.reserveCapacity(Int(taskCount))
        for _ in 0..<taskCount {
            guard let id = buffer.readInteger(as: Int32.self), let associate = buffer.readInteger(as: Int32.self) else { throw .malformed }
            tasks.append(TaskRef(id: id, associateId: associate))
        }
        guard let bodyLength = buffer.readInteger(as: UInt32.self), Int(bodyLength) == buffer.readableBytes,
            let body = buffer.readSlice(length: Int(bodyLength)), body.getInteger(at: body.readerIndex, as: UInt16.self) == 0x1F8B
        else { throw .malformed }
        self.init(
            epoch: epoch, storedAtWallNanos: storedAt, lifetimeNanos: lifetime, identityLength: Int(identityLength),
            contentType: contentType, etag: etag, associates: AssociateSet(ids), tasks: tasks, gzipBody: body
        )
    }

    private static func checksum(keyDigest: String, payload: ByteBuffer) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(keyDigest.utf8))
        payload.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        return Array(hasher.finalize().prefix(checksumLength))
    }

    private static func writeText(_ text: String, into buffer: inout ByteBuffer) {
        let bytes = Array(text.utf8.prefix(Int(UInt16.max)))
        buffer.writeInteger(UInt16(bytes.count))
        buffer.writeBytes(bytes)
    }

    private static func readText(from buffer: inout ByteBuffer) -> String? {
        guard let length = buffer.readInteger(as: UInt16.self), let text = buffer.readString(length: Int(length)) else { return nil }
        return text
    }
}

/// Why bytes read from the shared tier were not served (counted as `so_gateway_cache_shared_rejected_total{reason}`).
public enum SharedEntryError: String, Error, Sendable {
    /// Not an entry of ours, or a field out of bounds.
    case malformed
    /// Written by another format version.
    case version
    /// Fewer or more bytes than the entry declares (truncated or appended).
    case length
    /// The bytes changed after they were written, or belong to another key.
    case checksum
}
