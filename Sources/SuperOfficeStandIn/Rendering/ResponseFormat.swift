import Foundation
import NIOHTTP1

/// Content negotiation for answers (reference §6-7): JSON by default, XML when Accept asks for it first.
enum ResponseFormat: Sendable, Equatable {
    case json
    case xml(contentType: String)

    static func negotiate(accept: String?) -> ResponseFormat {
        guard let accept else { return .json }
        for entry in accept.split(separator: ",") {
            let mediaType = (entry.split(separator: ";").first.map(String.init) ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            switch mediaType {
            case "application/json", "text/json", "*/*", "application/*": return .json
            case "application/xml", "text/xml": return .xml(contentType: mediaType + "; charset=utf-8")
            default: continue
            }
        }
        return .json
    }

    /// Renders a carrier (or an array of carriers) in this format.
    func render(_ value: JSONValue, typeName: String, status: HTTPResponseStatus = .ok) -> StandInResponse {
        var response: StandInResponse
        switch self {
        case .json:
            response = .json(value)
        case .xml(let contentType):
            let document = DataContractXML().document(value, rootName: typeName, itemName: typeName)
            response = .text(document, status: .ok, contentType: contentType)
        }
        response.status = status
        return response
    }
}
