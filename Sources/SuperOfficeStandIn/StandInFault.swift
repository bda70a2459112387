import NIOCore

/// A misbehaviour the stand-in plays on chosen requests, so the gateway's resilience paths can be tested.
public enum StandInFault: Sendable {
    /// Answer normally, but only after the delay.
    case delay(TimeAmount)
    /// Answer with exactly this status, headers and body (e.g. 503 with `Retry-After`).
    case status(Int, headers: [(String, String)] = [], body: String = "")
    /// Close the TCP connection without answering, with an RST (SO_LINGER 0).
    case resetBeforeResponse
    /// Send the head and part of the body, then close the connection.
    case resetMidBody
    /// 200 with a JSON content type and a body that is not valid JSON.
    case malformedJSON
    /// 200 with `Content-Encoding: gzip` and a gzip stream cut short.
    case truncatedGzip
    /// 200 with the body `null` (what agents answer when something is not found).
    case nullBody
}
