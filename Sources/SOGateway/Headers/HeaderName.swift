/// ASCII case-insensitive comparisons without allocating lowercased copies, for header names and values and
/// for path segments: header rewriting, routing and policy run for every request. The one place for them.
enum HeaderName {
    /// True when `name` equals `lowercase` ignoring ASCII case (`lowercase` must already be lowercase).
    static func equals(_ name: String, _ lowercase: StaticString) -> Bool {
        var name = name
        return name.withUTF8 { equals($0, literal: lowercase) }
    }

    /// True when `name` starts with `lowercasePrefix` ignoring ASCII case.
    static func hasPrefix(_ name: String, _ lowercasePrefix: StaticString) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            lowercasePrefix.withUTF8Buffer { target in
                bytes.count >= target.count && equals(bytes[..<target.count], lowercase: target)
            }
        }
    }

    /// True when `bytes` equal `lowercase` ignoring ASCII case (`lowercase` must already be lowercase). Only
    /// A-Z fold, so punctuation compares exactly.
    static func equals<Bytes: Collection<UInt8>, Target: Collection<UInt8>>(_ bytes: Bytes, lowercase: Target) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        for (byte, target) in zip(bytes, lowercase) {
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if folded != target { return false }
        }
        return true
    }

    /// `equals(_:lowercase:)` against a literal.
    static func equals<Bytes: Collection<UInt8>>(_ bytes: Bytes, literal lowercase: StaticString) -> Bool {
        lowercase.withUTF8Buffer { equals(bytes, lowercase: $0) }
    }

    /// True when `text` contains `lowercase` anywhere, ignoring ASCII case.
    static func contains(_ text: String, _ lowercase: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            lowercase.withUTF8Buffer { target in
                guard bytes.count >= target.count else { return false }
                for start in 0...(bytes.count - target.count) where equals(bytes[start..<(start + target.count)], lowercase: target) {
                    return true
                }
                return false
            }
        }
    }
}
