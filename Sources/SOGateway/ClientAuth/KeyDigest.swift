import Crypto

/// The SHA-256 of a partner key, as four words so the key table is a plain hash lookup.
///
/// Keys are stored hashed in gateway.yml (`api_keys_sha256`); the gateway hashes what the partner presents
/// and looks the digest up. A lookup on a digest leaks nothing useful through timing, because a prober
/// cannot choose digests.
public struct KeyDigest: Hashable, Sendable {
    let words: (UInt64, UInt64, UInt64, UInt64)

    public static func == (lhs: KeyDigest, rhs: KeyDigest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// The digest of a presented key.
    public init<Bytes: Sequence>(hashing key: Bytes) where Bytes.Element == UInt8 {
        let digest: SHA256Digest =
            key.withContiguousStorageIfAvailable { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
            ?? SHA256.hash(data: Array(key))
        self.words = digest.withUnsafeBytes { raw in
            func word(_ offset: Int) -> UInt64 {
                var value: UInt64 = 0
                for i in 0..<8 { value = value << 8 | UInt64(raw[offset + i]) }
                return value
            }
            return (word(0), word(8), word(16), word(24))
        }
    }

    /// Parses the 64-hex-character form used in configuration; nil when malformed.
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        var index = 0
        while index < 64 {
            guard let high = KeyDigest.nibble(utf8[index]), let low = KeyDigest.nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.init(bytes: bytes)
    }

    private init(bytes: [UInt8]) {
        func word(_ offset: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in 0..<8 { value = value << 8 | UInt64(bytes[offset + i]) }
            return value
        }
        self.words = (word(0), word(8), word(16), word(24))
    }

    /// Lowercase hex, the form `so-gateway hash-key` prints and the config stores.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 60, through: 0, by: -4) {
                out.append(digits[Int((word >> UInt64(shift)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
