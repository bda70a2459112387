import Foundation
import NIOCore
import TaskCache

/// Decides whether an upstream answer is a storable array: only 200 answers whose body is an array are
/// cached — never `null`, never an error object, never a truncated or malformed body.
///
/// Works on the representation as a whole, so answers whose `$select` nulled `Id` or `AssociateId` (which
/// cannot be split per associate) are still cacheable as whole answers.
enum AnswerShape {
    static func isArray(_ body: ByteBuffer, representation: Representation) -> Bool {
        switch representation {
        case .json:
            let bytes = Data(body.readableBytesView)
            guard let parsed = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]) else { return false }
            return parsed is [Any]
        case .xml:
            return isXMLArray(Array(body.readableBytesView))
        }
    }

    /// `<ArrayOfX>…</ArrayOfX>` or `<ArrayOfX/>`, after an optional prolog, with the closing tag matching.
    static func isXMLArray(_ bytes: [UInt8]) -> Bool {
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        var rest = Substring(text).drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        if rest.hasPrefix("<?xml") {
            guard let end = rest.range(of: "?>") else { return false }
            rest = rest[end.upperBound...].drop(while: \.isWhitespace)
        }
        guard rest.hasPrefix("<"), let close = rest.firstIndex(of: ">") else { return false }
        let tag = rest[rest.index(after: rest.startIndex)..<close]
        let name = tag.prefix(while: { !$0.isWhitespace && $0 != "/" })
        guard name.hasPrefix("ArrayOf") || name.contains(":ArrayOf") else { return false }
        if tag.hasSuffix("/") { return rest[rest.index(after: close)...].allSatisfy(\.isWhitespace) }
        let trimmed = rest.reversed().drop(while: \.isWhitespace)
        return String(trimmed.reversed()).hasSuffix("</\(name)>")
    }
}
