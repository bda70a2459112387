/// Writes answers as DataContract-style XML without namespaces: type-named roots, PascalCase elements,
/// `ArrayOf<Type>` for lists and `<StringKeyValuePair>` entries for dictionaries (reference §6).
struct XMLWriter {
    /// Property names whose JSON objects are dictionaries rather than carriers.
    var dictionaryProperties: Set<String> = ["ParameterObject", "FieldProperties"]

    /// An XML document for `value` under the element `rootName`; arrays become `ArrayOf<itemName>`.
    func document(_ value: JSONValue, rootName: String, itemName: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        if case .array(let items) = value {
            out += "<ArrayOf\(itemName)>"
            for item in items { write(item, name: itemName, into: &out) }
            out += "</ArrayOf\(itemName)>"
        } else {
            write(value, name: rootName, into: &out)
        }
        return out
    }

    private func write(_ value: JSONValue, name: String, into out: inout String) {
        switch value {
        case .null:
            out += "<\(name) />"
        case .bool(let flag):
            out += "<\(name)>\(flag ? "true" : "false")</\(name)>"
        case .int(let number):
            out += "<\(name)>\(number)</\(name)>"
        case .double(let number):
            out += "<\(name)>\(number)</\(name)>"
        case .string(let text):
            out += "<\(name)>\(Self.escape(text))</\(name)>"
        case .array(let items):
            out += "<\(name)>"
            for item in items { write(item, name: Self.elementName(for: item), into: &out) }
            out += "</\(name)>"
        case .object(let members):
            out += "<\(name)>"
            if dictionaryProperties.contains(name) {
                for member in members {
                    out += "<StringKeyValuePair><Key>\(Self.escape(member.key))</Key>"
                    write(member.value, name: "Value", into: &out)
                    out += "</StringKeyValuePair>"
                }
            } else {
                for member in members { write(member.value, name: member.key, into: &out) }
            }
            out += "</\(name)>"
        }
    }

    private static func elementName(for item: JSONValue) -> String {
        switch item {
        case .int: return "int"
        case .string: return "string"
        case .bool: return "boolean"
        default: return "item"
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default:
                if scalar.value < 0x20, scalar != "\n", scalar != "\t", scalar != "\r" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
