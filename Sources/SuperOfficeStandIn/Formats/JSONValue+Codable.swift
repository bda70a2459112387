import Foundation

/// JSON text in and out through Foundation's `JSONDecoder` and `JSONEncoder`, so the stand-in has no JSON parser or
/// writer of its own. Objects stay arrays of members in memory (XML answers and `$select` keep the carrier order).
extension JSONValue: Codable {
    /// Reads a JSON document (a request body, a JWT segment).
    ///
    /// Foundation's reader does not keep member order, so members come back sorted by key: the first
    /// case-insensitive match of `member(_:)` is then the same on every run. Foundation also accepts a trailing comma
    /// before `]` or `}`; the stand-in takes such bodies as they are read.
    /// - Parameter bytes: UTF-8 JSON text; any top-level value.
    init(jsonBytes bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The compact JSON text of this value.
    ///
    /// Keys are sorted because Foundation's writer does not keep insertion order; sorted, an answer is the same bytes
    /// on every request, which tests and the gateway's cache (it splices cached fragments) rely on.
    func jsonBytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: MemberKey.self) {
            let keys = container.allKeys.sorted { $0.stringValue < $1.stringValue }
            self = .object(try keys.map { JSONMember($0.stringValue, try container.decode(JSONValue.self, forKey: $0)) })
        } else if var container = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !container.isAtEnd {
                items.append(try container.decode(JSONValue.self))
            }
            self = .array(items)
        } else {
            // Foundation's decoder keeps numbers and booleans apart: 1 never decodes as Bool, 1.5 never as Int64.
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let number = try? container.decode(Int64.self) {
                self = .int(number)
            } else if let number = try? container.decode(Double.self) {
                self = .double(number)
            } else {
                self = .string(try container.decode(String.self))
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .int(let number):
            var container = encoder.singleValueContainer()
            try container.encode(number)
        case .double(let number):
            // JSON has no NaN or infinity: write null rather than fail the whole answer.
            var container = encoder.singleValueContainer()
            if number.isFinite { try container.encode(number) } else { try container.encodeNil() }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .object(let members):
            var container = encoder.container(keyedBy: MemberKey.self)
            for member in members { try container.encode(member.value, forKey: MemberKey(stringValue: member.key)) }
        }
    }

    /// A member name as a coding key (object keys are data here, not a fixed schema).
    struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(stringValue: String) {
            self.stringValue = stringValue
        }

        init?(intValue: Int) {
            nil
        }
    }
}
