import NIOHTTP1

/// The error bodies the WebAPI uses (reference §5): SuperOffice's `{Error, ErrorType, ErrorMessage, ErrorSource}`
/// for REST and business errors, and ASP.NET's `{Message, MessageDetail}` for agent binding and routing problems.
enum SuperOfficeErrorBody {
    static func soError(
        _ status: HTTPResponseStatus, type: String, message: String, source: String = "SuperOffice.Services.Implementation"
    ) -> StandInResponse {
        .json(.object([
            JSONMember("Error", .bool(true)),
            JSONMember("ErrorType", .string(type)),
            JSONMember("ErrorMessage", .string(message)),
            JSONMember("ErrorSource", .string(source)),
        ]), status: status)
    }

    /// Agents answer a missing parameter with 200 and this body (reference §5 "Agent endpoints").
    static func invalidRequest(detail: String) -> StandInResponse {
        .json(.object([
            JSONMember("Message", .string("The request is invalid.")),
            JSONMember("MessageDetail", .string(detail)),
        ]))
    }

    static func aspNetMessage(_ status: HTTPResponseStatus, _ message: String) -> StandInResponse {
        .json(.object([JSONMember("Message", .string(message))]), status: status)
    }

    static func notFoundRoute(_ path: String) -> StandInResponse {
        aspNetMessage(.notFound, "No HTTP resource was found that matches the request URI '\(path)'.")
    }

    static func badRequest(_ message: String) -> StandInResponse {
        soError(.badRequest, type: "BadRequest", message: message, source: "SuperOffice.WebApi")
    }
}
