import Foundation
@testable import TaskCache

/// Writes one task question as JSON, XML or form text, with the spelling freedoms each format allows
/// (property-name case, whitespace, list styles), so properties can check that all of them mean the same.
enum BodyEncoding: CaseIterable {
    case json, xml, form

    var contentType: String {
        switch self {
        case .json: return "application/json; charset=utf-8"
        case .xml: return "text/xml"
        case .form: return "application/x-www-form-urlencoded"
        }
    }

    /// The body for `ids` with an optional `State` or `Name` field; `variant` picks among equivalent spellings.
    func text(ids: [Int32], field: (name: String, value: String)?, variant: Int) -> String {
        let list = ids.map(String.init)
        switch self {
        case .json:
            let key = variant % 2 == 0 ? "AssociateIds" : "associateIDS"
            let space = variant % 3 == 0 ? " " : ""
            var members = ["\"\(key)\":\(space)[\(list.joined(separator: "," + space))]"]
            if let field { members.append("\"\(field.name)\":\(space)\"\(Self.jsonEscaped(field.value))\"") }
            if variant % 4 == 1 { members.reverse() }
            return "{" + space + members.joined(separator: "," + space) + space + "}"
        case .xml:
            let root = variant % 2 == 0 ? "GetBatchTaskInfosRequest" : "r"
            let item = variant % 3 == 0 ? "int" : "a:int"
            var members = ["<AssociateIds>" + list.map { "<\(item)>\($0)</\(item)>" }.joined(separator: variant % 5 == 0 ? "\n" : "") + "</AssociateIds>"]
            if let field { members.append("<\(field.name)>\(Self.xmlEscaped(field.value))</\(field.name)>") }
            if variant % 4 == 1 { members.reverse() }
            return "<\(root) xmlns:a=\"urn:x\">" + members.joined() + "</\(root)>"
        case .form:
            var pairs: [String]
            switch variant % 3 {
            case 0: pairs = list.map { "AssociateIds=\($0)" }
            case 1: pairs = list.map { "AssociateIds[]=\($0)" }
            default: pairs = ["AssociateIds=" + list.joined(separator: ",")]
            }
            if list.isEmpty { pairs = ["AssociateIds="] }
            if let field { pairs.append("\(field.name)=\(Self.formEscaped(field.value))") }
            if variant % 4 == 1 { pairs.reverse() }
            return pairs.joined(separator: "&")
        }
    }

    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func formEscaped(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let isPlain = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            out += isPlain ? String(UnicodeScalar(byte)) : "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
        }
        return out
    }
}
