import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Answers as DataContract-style XML without namespaces: type-named roots, PascalCase elements, `ArrayOf<Type>` for
/// lists and `<StringKeyValuePair>` entries for dictionaries (reference §6). FoundationXML builds and escapes the
/// elements; this type only decides their names and nesting.
struct DataContractXML {
    /// Property names whose JSON objects are dictionaries rather than carriers.
    var dictionaryProperties: Set<String> = ["ParameterObject", "FieldProperties"]

    /// Written as text in front of the root: `XMLDocument` would add `standalone="no"` and a trailing newline, which
    /// an answer the gateway composes from cached fragments (prolog + root element) would not repeat.
    static let declaration = #"<?xml version="1.0" encoding="utf-8"?>"#

    /// An XML document for `value` under the element `rootName`; arrays become `ArrayOf<itemName>`.
    func document(_ value: JSONValue, rootName: String, itemName: String) -> String {
        let root: XMLElement
        if case .array(let items) = value {
            root = XMLElement(name: "ArrayOf" + itemName)
            for item in items { root.addChild(element(item, name: itemName)) }
        } else {
            root = element(value, name: rootName)
        }
        return Self.declaration + root.xmlString
    }

    private func element(_ value: JSONValue, name: String) -> XMLElement {
        switch value {
        case .null:
            return XMLElement(name: name)
        case .bool(let flag):
            return XMLElement(name: name, stringValue: flag ? "true" : "false")
        case .int(let number):
            return XMLElement(name: name, stringValue: String(number))
        case .double(let number):
            return XMLElement(name: name, stringValue: String(number))
        case .string(let text):
            return XMLElement(name: name, stringValue: Self.xmlCharacters(text))
        case .array(let items):
            let element = XMLElement(name: name)
            for item in items { element.addChild(self.element(item, name: Self.elementName(for: item))) }
            return element
        case .object(let members):
            let element = XMLElement(name: name)
            if dictionaryProperties.contains(name) {
                for member in members {
                    let pair = XMLElement(name: "StringKeyValuePair")
                    pair.addChild(XMLElement(name: "Key", stringValue: Self.xmlCharacters(member.key)))
                    pair.addChild(self.element(member.value, name: "Value"))
                    element.addChild(pair)
                }
            } else {
                for member in members { element.addChild(self.element(member.value, name: member.key)) }
            }
            return element
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

    /// `text` without the control characters XML 1.0 cannot carry at all (not even escaped); libxml2 would write them.
    static func xmlCharacters(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar.value >= 0x20 || scalar == "\n" || scalar == "\t" || scalar == "\r" {
            kept.append(scalar)
        }
        return String(kept)
    }
}
