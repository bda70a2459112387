import NIOCore
import TaskCache

/// One invalidation as it travels between replicas on `cache.bus`:
/// `so1 <origin> <sent-unix-ns> all` or `so1 <origin> <sent-unix-ns> a=30,491 t=1207`.
///
/// Plain text so an operator can read it with `redis-cli SUBSCRIBE`. Task ids the sender could not resolve
/// travel as task ids, so each receiver resolves them with its own index. A message that does not parse
/// means everything: a receiver never keeps entries because it could not read what went stale.
struct InvalidationMessage: Equatable {
    /// The sending replica (it ignores its own messages).
    var origin: String
    /// When it was published, in nanoseconds since 1970 (for the propagation-lag histogram).
    var sentAtNanos: Int64
    var invalidation: Invalidation

    static let version = "so1"

    /// The wire form.
    var text: String {
        var parts = [Self.version, origin, String(sentAtNanos)]
        if invalidation.everything {
            parts.append("all")
        } else {
            if !invalidation.associates.isEmpty {
                parts.append("a=" + invalidation.associates.map(String.init).joined(separator: ","))
            }
            if !invalidation.taskIds.isEmpty {
                parts.append("t=" + invalidation.taskIds.map(String.init).joined(separator: ","))
            }
        }
        return parts.joined(separator: " ")
    }

    /// Reads a message; a malformed or unknown one becomes "everything" from an unknown origin.
    init(parsing payload: ByteBuffer) {
        let fields = String(buffer: payload).split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 4, fields[0] == Self.version, let sent = Int64(fields[2]) else {
            self.init(origin: "", sentAtNanos: 0, invalidation: .all)
            return
        }
        var invalidation = Invalidation()
        for field in fields[3...] {
            if field == "all" {
                invalidation = .all
                break
            }
            guard let ids = Self.ids(field.dropFirst(2)), field.count > 2 else {
                invalidation = .all
                break
            }
            if field.hasPrefix("a=") {
                invalidation.associates += ids
            } else if field.hasPrefix("t=") {
                invalidation.taskIds += ids
            } else {
                invalidation = .all
                break
            }
        }
        self.init(origin: String(fields[1]), sentAtNanos: sent, invalidation: invalidation)
    }

    init(origin: String, sentAtNanos: Int64, invalidation: Invalidation) {
        self.origin = origin
        self.sentAtNanos = sentAtNanos
        self.invalidation = invalidation
    }

    private static func ids(_ list: Substring) -> [Int32]? {
        var ids: [Int32] = []
        for piece in list.split(separator: ",") {
            guard let id = Int32(piece) else { return nil }
            ids.append(id)
        }
        return ids.isEmpty ? nil : ids
    }
}
