/// Why a compressed body could not be inflated, so callers can tell a bomb (413-ish) from garbage (400/502).
public enum DecompressionError: Error, Sendable, Equatable {
    /// The inflated output would exceed the caller's limit.
    case tooLarge
    /// The data is not a valid stream of the coding: bad header, bad checksum, truncated, or trailing garbage.
    case corrupt
}
