import NIOCore
@testable import TaskCache

/// Parses request bodies given as text, so parser tests read as a table of inputs and outcomes.
enum BodyFixture {
    static func parse(
        _ text: String,
        contentType: String? = "application/json",
        endpoint: TaskEndpoint = .getBatchTaskInfosByAssociates,
        maxIds: Int = 500
    ) throws(TaskBodyError) -> TaskRequestBody {
        try TaskRequestParser.parse(body: ByteBuffer(string: text), contentType: contentType, endpoint: endpoint, maxIds: maxIds)
    }

    static func parse(
        bytes: [UInt8],
        contentType: String? = "application/json",
        endpoint: TaskEndpoint = .getBatchTaskInfosByAssociates,
        maxIds: Int = 500
    ) throws(TaskBodyError) -> TaskRequestBody {
        try TaskRequestParser.parse(body: ByteBuffer(bytes: bytes), contentType: contentType, endpoint: endpoint, maxIds: maxIds)
    }

    /// The ids a body parses to, or nil when it is refused.
    static func ids(
        _ text: String,
        contentType: String? = "application/json",
        endpoint: TaskEndpoint = .getBatchTaskInfosByAssociates,
        maxIds: Int = 500
    ) -> [Int32]? {
        try? parse(text, contentType: contentType, endpoint: endpoint, maxIds: maxIds).associates.ids
    }

    /// The error a body is refused with, or nil when it parses.
    static func error(
        _ text: String,
        contentType: String? = "application/json",
        endpoint: TaskEndpoint = .getBatchTaskInfosByAssociates,
        maxIds: Int = 500
    ) -> TaskBodyError? {
        do {
            _ = try parse(text, contentType: contentType, endpoint: endpoint, maxIds: maxIds)
            return nil
        } catch {
            return error
        }
    }

    /// Whether the error is a syntax error (its message names the format).
    static func isSyntaxError(_ error: TaskBodyError?, format: String) -> Bool {
        error?.detail.hasPrefix("The request body is not valid \(format)") == true
    }
}
