import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reading a request body with FoundationXML's `XMLParser`, so the stand-in has no XML parser of its own.
extension XMLBodyNode {
    /// Why a body was not read; safe to echo (it never quotes the input).
    struct Failure: Error, Equatable {
        var message: String
    }

    /// The root element of `bytes`; namespace prefixes are dropped (local names), text and CDATA are kept.
    /// - Parameter bytes: an XML document.
    /// - Throws: `Failure` for a DTD, malformed XML (an undeclared namespace prefix included) or no root element.
    init(xmlBytes bytes: [UInt8]) throws(Failure) {
        // libxml2 would quietly drop the entities a DTD declares; the stand-in refuses DTDs outright instead.
        guard bytes.firstRange(of: Array("<!DOCTYPE".utf8)) == nil else { throw Failure(message: "DTDs are not allowed") }
        let parser = XMLParser(data: Data(bytes))
        let builder = XMLBodyTreeBuilder()
        parser.delegate = builder
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        // parse() can report success after libxml2 recovered from an error, so the recorded error decides too.
        guard parser.parse(), parser.parserError == nil, let root = builder.root else {
            throw Failure(message: "malformed at line \(parser.lineNumber), column \(parser.columnNumber)")
        }
        self = root
    }
}
