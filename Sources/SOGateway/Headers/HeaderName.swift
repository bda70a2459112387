/// ASCII case-insensitive header-name comparison without allocating lowercased copies; header rewriting
/// runs for every request.
enum HeaderName {
    /// True when `name` equals `lowercase` ignoring ASCII case (`lowercase` must already be lowercase).
    @inlinable
    static func equals(_ name: String, _ lowercase: StaticString) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            lowercase.withUTF8Buffer { target in
                guard bytes.count == target.count else { return false }
                for index in 0..<bytes.count where bytes[index] | 0x20 != target[index] {
                    // `| 0x20` folds A-Z onto a-z; for the punctuation used in header names ('-') it is a no-op.
                    return false
                }
                return true
            }
        }
    }

    /// True when `name` starts with `lowercasePrefix` ignoring ASCII case.
    static func hasPrefix(_ name: String, _ lowercasePrefix: StaticString) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            lowercasePrefix.withUTF8Buffer { target in
                guard bytes.count >= target.count else { return false }
                for index in 0..<target.count where bytes[index] | 0x20 != target[index] {
                    return false
                }
                return true
            }
        }
    }
}
