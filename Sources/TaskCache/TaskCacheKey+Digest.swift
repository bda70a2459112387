import Crypto

extension TaskCacheKey {
    /// A stable name for the key across processes and restarts (Swift's `hashValue` is seeded per process):
    /// 32 hex digits of the SHA-256 of every key part, each length-prefixed so no two keys run together.
    /// Used to name the key's entry in the shared tier; never holds a secret (the identity is already a hash).
    public var digest: String {
        var hasher = SHA256()
        func part(_ text: String) {
            var count = UInt32(text.utf8.count).bigEndian
            withUnsafeBytes(of: &count) { hasher.update(bufferPointer: $0) }
            hasher.update(data: Array(text.utf8))
        }
        part(identity)
        part(endpoint.rawValue)
        part(body.associates.ids.map(String.init).joined(separator: ","))
        part(body.extra)
        part(select)
        part(representation.rawValue)
        part(language)
        part(acceptLanguage)
        part(culture)
        part(timeZone)
        return Self.hex(hasher.finalize().prefix(16))
    }

    public static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
