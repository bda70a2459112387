import Foundation
import NIOCore

/// Reads and writes the small JSON documents of SuperOffice's login, token and state endpoints (rare calls,
/// so Foundation's parser is fine here).
enum JSONBody {
    /// The top-level object of `buffer`, or nil when it is not a JSON object.
    static func object(_ buffer: ByteBuffer) -> [String: Any]? {
        let data = Data(buffer.readableBytesView)
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// A JSON object of string members.
    static func encode(_ members: [String: String]) -> ByteBuffer {
        let data = (try? JSONSerialization.data(withJSONObject: members, options: [.sortedKeys])) ?? Data("{}".utf8)
        return ByteBuffer(bytes: data)
    }
}
