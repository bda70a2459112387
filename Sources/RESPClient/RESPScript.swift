import Crypto

/// A Lua script with its SHA-1, so it can be run with `EVALSHA` and re-sent only when Redis lacks it.
///
/// The SHA-1 (swift-crypto's `Insecure.SHA1`: it only names the script, as Redis does) is computed locally, so
/// no `SCRIPT LOAD` is needed at startup or after a reconnect; a server that restarted answers `NOSCRIPT` once
/// and gets the source via `EVAL`.
public struct RESPScript: Sendable, Equatable {
    /// The Lua source, sent only on a `NOSCRIPT` fallback.
    public let source: String
    /// 40 lowercase hex digits, exactly as Redis names the script.
    public let sha1: String

    /// Wraps `source` and computes its SHA-1.
    public init(_ source: String) {
        self.source = source
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).map { byte in
            (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
