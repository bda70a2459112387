import SuperOfficeStandIn
import Testing

/// One upstream misbehaviour on the task route and the status the partner must get for it.
struct FaultCase: Sendable, CustomTestStringConvertible {
    var name: String
    var fault: StandInFault
    /// How many upstream requests it applies to (more than one where the transport may retry).
    var times: Int = 3
    /// The status the partner gets while there is no usable cached copy.
    var status: Int

    var testDescription: String { name }

    static let all: [FaultCase] = [
        FaultCase(name: "refusing (reset before any answer)", fault: .resetBeforeResponse, status: 502),
        FaultCase(name: "reset mid-answer", fault: .resetMidBody, status: 502),
        FaultCase(name: "slower than upstream.timeout", fault: .delay(.seconds(4)), times: 1, status: 504),
        FaultCase(name: "500 with an error body", fault: .status(500, body: #"{"Error":true,"ErrorType":"SoException"}"#), status: 500),
        FaultCase(name: "503 without Retry-After", fault: .status(503, body: "busy"), status: 503),
        FaultCase(name: "200 with malformed JSON", fault: .malformedJSON, times: 1, status: 200),
        FaultCase(name: "200 with a truncated gzip body", fault: .truncatedGzip, times: 1, status: 502),
    ]

    /// The faults after which a stale copy is served when `cache.stale_if_error` allows it: every one — those
    /// that end in a 5xx (upstream's own or the gateway's 502/504), and a 200 whose body cannot be stored.
    static var staleServed: [FaultCase] { all }
}
