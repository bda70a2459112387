/// A small, lenient XML reader for request bodies: namespaces are ignored, DTDs are refused (no entity expansion).
struct XMLLiteParser {
    /// Why a body was not well-formed XML; safe to echo (never quotes the input).
    struct Failure: Error, Equatable {
        var message: String
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private static let maximumDepth = 64

    static func parse(_ bytes: [UInt8]) throws(Failure) -> XMLNode {
        var parser = XMLLiteParser(scalars: Array(String(decoding: bytes, as: UTF8.self).unicodeScalars))
        try parser.skipMisc()
        guard parser.peek("<") else { throw Failure(message: "Root element is missing") }
        let root = try parser.parseElement(depth: 0)
        try parser.skipMisc()
        guard parser.index == parser.scalars.count else { throw Failure(message: "Content after the root element") }
        return root
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
        if scalars.first == "\u{FEFF}" { index = 1 }
    }

    private func peek(_ text: String) -> Bool {
        var position = index
        for scalar in text.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    private mutating func skip(past terminator: String) throws(Failure) {
        while index < scalars.count {
            if peek(terminator) {
                index += terminator.unicodeScalars.count
                return
            }
            index += 1
        }
        throw Failure(message: "Unterminated markup")
    }

    private mutating func skipWhitespace() {
        while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
    }

    /// Skips whitespace, the XML declaration, processing instructions and comments between top-level items.
    private mutating func skipMisc() throws(Failure) {
        while true {
            skipWhitespace()
            if peek("<?") {
                try skip(past: "?>")
            } else if peek("<!--") {
                try skip(past: "-->")
            } else if peek("<!DOCTYPE") || peek("<!doctype") {
                throw Failure(message: "DTDs are not allowed")
            } else {
                return
            }
        }
    }

    private mutating func parseName() throws(Failure) -> String {
        var name = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if [" ", "\t", "\n", "\r", "/", ">", "="].contains(scalar) { break }
            name.append(scalar)
            index += 1
        }
        guard !name.isEmpty else { throw Failure(message: "Expected a name") }
        return String(name)
    }

    private static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }

    private mutating func parseElement(depth: Int) throws(Failure) -> XMLNode {
        guard depth < Self.maximumDepth else { throw Failure(message: "XML nested too deeply") }
        index += 1
        let qualifiedName = try parseName()
        var node = XMLNode(name: Self.localName(qualifiedName), text: "", children: [])
        while true {
            skipWhitespace()
            guard index < scalars.count else { throw Failure(message: "Unterminated start tag") }
            if peek("/>") {
                index += 2
                return node
            }
            if peek(">") {
                index += 1
                break
            }
            try skipAttribute()
        }
        while true {
            guard index < scalars.count else { throw Failure(message: "Unterminated element") }
            if peek("</") {
                index += 2
                let closing = try parseName()
                guard closing == qualifiedName else { throw Failure(message: "Mismatched end tag") }
                skipWhitespace()
                guard peek(">") else { throw Failure(message: "Malformed end tag") }
                index += 1
                return node
            } else if peek("<!--") {
                try skip(past: "-->")
            } else if peek("<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>")
                node.text.unicodeScalars.append(contentsOf: scalars[start..<(index - 3)])
            } else if peek("<?") {
                try skip(past: "?>")
            } else if peek("<") {
                node.children.append(try parseElement(depth: depth + 1))
            } else {
                node.text += try parseText()
            }
        }
    }

    private mutating func skipAttribute() throws(Failure) {
        _ = try parseName()
        skipWhitespace()
        guard peek("=") else { throw Failure(message: "Attribute without value") }
        index += 1
        skipWhitespace()
        guard index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" else {
            throw Failure(message: "Unquoted attribute value")
        }
        let quote = scalars[index]
        index += 1
        while index < scalars.count, scalars[index] != quote { index += 1 }
        guard index < scalars.count else { throw Failure(message: "Unterminated attribute value") }
        index += 1
    }

    private mutating func parseText() throws(Failure) -> String {
        var text = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != "<" {
            if scalars[index] == "&" {
                text.append(try parseEntity())
            } else {
                text.append(scalars[index])
                index += 1
            }
        }
        return String(text)
    }

    private mutating func parseEntity() throws(Failure) -> Unicode.Scalar {
        index += 1
        var name = ""
        while index < scalars.count, scalars[index] != ";" {
            name.unicodeScalars.append(scalars[index])
            index += 1
            guard name.count <= 10 else { throw Failure(message: "Unknown entity") }
        }
        guard index < scalars.count else { throw Failure(message: "Unterminated entity") }
        index += 1
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            let code: UInt32?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                code = UInt32(name.dropFirst(2), radix: 16)
            } else if name.hasPrefix("#") {
                code = UInt32(name.dropFirst(), radix: 10)
            } else {
                code = nil
            }
            guard let code, let scalar = Unicode.Scalar(code) else { throw Failure(message: "Unknown entity") }
            return scalar
        }
    }
}
