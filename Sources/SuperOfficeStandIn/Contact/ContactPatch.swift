/// Applies JSON Patch (RFC 6902) and JSON Merge Patch (RFC 7396) to a contact's updatable properties.
enum ContactPatch {
    /// Why a patch was refused; answered with 400.
    struct Problem: Error, Equatable {
        var message: String
    }

    static func applyJSONPatch(_ operations: JSONValue, to values: inout [String: String]) throws(Problem) {
        guard case .array(let items) = operations else { throw Problem(message: "A JSON Patch document must be an array.") }
        for item in items {
            guard let operation = item.member("op")?.stringValue, let path = item.member("path")?.stringValue else {
                throw Problem(message: "Each operation needs 'op' and 'path'.")
            }
            let key = try keyFromPointer(path)
            switch operation.lowercased() {
            case "add", "replace":
                values[key] = try stringValue(item.member("value"))
            case "remove":
                values[key] = ""
            case "test":
                guard (values[key] ?? "") == (try stringValue(item.member("value"))) else {
                    throw Problem(message: "Test operation failed for '\(path)'.")
                }
            default:
                throw Problem(message: "Unsupported JSON Patch operation '\(operation)'.")
            }
        }
    }

    static func applyMergePatch(_ patch: JSONValue, to values: inout [String: String]) throws(Problem) {
        guard case .object(let members) = patch else { throw Problem(message: "A merge patch must be a JSON object.") }
        for member in members {
            if member.key.lowercased() == "contactid" { continue }
            guard let key = ContactRecord.canonicalKey(member.key) else {
                throw Problem(message: "'\(member.key)' is not an updatable Contact property.")
            }
            values[key] = try stringValue(member.value)
        }
    }

    private static func keyFromPointer(_ pointer: String) throws(Problem) -> String {
        let trimmed = pointer.hasPrefix("/") ? String(pointer.dropFirst()) : pointer
        guard !trimmed.contains("/"), let key = ContactRecord.canonicalKey(trimmed) else {
            throw Problem(message: "'\(pointer)' is not an updatable Contact property.")
        }
        return key
    }

    private static func stringValue(_ value: JSONValue?) throws(Problem) -> String {
        switch value {
        case .none, .some(.null): return ""
        case .some(.string(let text)): return text
        case .some(.int(let number)): return String(number)
        case .some(.bool(let flag)): return flag ? "true" : "false"
        default: throw Problem(message: "Contact properties take string values.")
        }
    }
}
