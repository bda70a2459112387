import NIOCore

/// One RESP2 reply, as Redis sent it, so callers can inspect exactly what came back.
public indirect enum RESPValue: Sendable, Equatable {
    /// `+OK`: a short status line.
    case simpleString(String)
    /// `-ERR ...`: an error reply (only surfaced as a value inside `pipeline` results and nested arrays;
    /// `send` turns a top-level error into `RESPError.server`).
    case error(String)
    /// `:42`: a signed 64-bit integer.
    case integer(Int64)
    /// `$3 foo`: binary-safe bytes; `nil` is the null bulk string (`$-1`).
    case bulkString(ByteBuffer?)
    /// `*2 ...`: a list of replies, possibly nested; `nil` is the null array (`*-1`).
    case array([RESPValue]?)
}
