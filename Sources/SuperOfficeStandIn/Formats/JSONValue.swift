/// A JSON value whose objects keep their members in order, so XML answers and `$select` follow the carrier's
/// documented property order; Foundation reads and writes the JSON text (`JSONValue+Codable.swift`).
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The value of the first member whose key matches `key` case-insensitively (ASP.NET model binding rules).
    func member(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        let wanted = key.lowercased()
        return members.first { $0.key.lowercased() == wanted }?.value
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
