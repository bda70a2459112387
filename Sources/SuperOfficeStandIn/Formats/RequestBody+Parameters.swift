import Foundation

/// Typed parameter lookup over any body format, mirroring how ASP.NET binds a request carrier.
extension RequestBody {
    /// An int32 array such as `AssociateIds`: JSON array, XML `<AssociateIds><int>1</int>…`, or form
    /// `AssociateIds=1&AssociateIds=2`, `AssociateIds[]=1`, `AssociateIds=1,2`.
    func int32Array(_ name: String) -> ParameterLookup<[Int32]> {
        switch self {
        case .empty:
            return .missing
        case .json(let root):
            guard let value = root.member(name), !value.isNull else { return .missing }
            guard case .array(let items) = value else { return .invalid("'\(name)' must be an array of int32.") }
            var result: [Int32] = []
            for item in items {
                guard let number = Self.int32(from: item) else { return .invalid("'\(name)' must contain only int32 values.") }
                result.append(number)
            }
            return .value(result)
        case .xml(let root):
            guard let element = root.child(name) else { return .missing }
            var result: [Int32] = []
            for child in element.children {
                guard let number = Int32(child.trimmedText) else { return .invalid("'\(name)' must contain only int32 values.") }
                result.append(number)
            }
            return .value(result)
        case .form(let pairs):
            let wanted = name.lowercased()
            let values = pairs.filter { pair in
                let key = pair.name.lowercased()
                return key == wanted || (key.hasPrefix(wanted + "[") && key.hasSuffix("]"))
            }
            guard !values.isEmpty else { return .missing }
            var result: [Int32] = []
            for pair in values {
                for piece in pair.value.split(separator: ",") {
                    guard let number = Int32(String(piece).trimmingCharacters(in: .whitespacesAndNewlines)) else {
                        return .invalid("'\(name)' must contain only int32 values.")
                    }
                    result.append(number)
                }
            }
            return .value(result)
        }
    }

    /// A single int32 such as `Id`.
    func int32(_ name: String) -> ParameterLookup<Int32> {
        switch scalar(name) {
        case .missing: return .missing
        case .invalid(let message): return .invalid(message)
        case .value(let value):
            guard let number = Self.int32(from: value) else { return .invalid("'\(name)' must be an int32.") }
            return .value(number)
        }
    }

    /// A single string such as `Name` or `State`.
    func string(_ name: String) -> ParameterLookup<String> {
        switch scalar(name) {
        case .missing: return .missing
        case .invalid(let message): return .invalid(message)
        case .value(.string(let text)): return .value(text)
        case .value(.int(let number)): return .value(String(number))
        case .value: return .invalid("'\(name)' must be a string.")
        }
    }

    /// A nested carrier such as `BatchTaskInfo`: a JSON object, an XML child element, or form fields named
    /// `BatchTaskInfo.AssociateId` / `BatchTaskInfo[AssociateId]` (ASP.NET's prefixes).
    func carrier(_ name: String) -> ParameterLookup<RequestBody> {
        switch self {
        case .empty:
            return .missing
        case .json(let root):
            guard let value = root.member(name), !value.isNull else { return .missing }
            guard case .object = value else { return .invalid("'\(name)' must be an object.") }
            return .value(.json(value))
        case .xml(let root):
            guard let element = root.child(name) else { return .missing }
            return .value(.xml(element))
        case .form(let pairs):
            let prefix = name.lowercased()
            let inner = pairs.compactMap { pair -> (name: String, value: String)? in
                let key = pair.name.lowercased()
                guard key.hasPrefix(prefix), key.count > prefix.count else { return nil }
                let rest = pair.name.dropFirst(prefix.count)
                if rest.hasPrefix(".") { return (String(rest.dropFirst()), pair.value) }
                if rest.hasPrefix("["), rest.hasSuffix("]") { return (String(rest.dropFirst().dropLast()), pair.value) }
                return nil
            }
            return inner.isEmpty ? .missing : .value(.form(inner))
        }
    }

    private func scalar(_ name: String) -> ParameterLookup<JSONValue> {
        switch self {
        case .empty:
            return .missing
        case .json(let root):
            guard let value = root.member(name), !value.isNull else { return .missing }
            return .value(value)
        case .xml(let root):
            guard let element = root.child(name) else { return .missing }
            return .value(.string(element.trimmedText))
        case .form(let pairs):
            guard let value = FormDecoder.value(name, in: pairs) else { return .missing }
            return .value(.string(value))
        }
    }

    private static func int32(from value: JSONValue) -> Int32? {
        switch value {
        case .int(let number): return Int32(exactly: number)
        case .double(let number): return Int32(exactly: number)
        case .string(let text): return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        default: return nil
        }
    }
}
