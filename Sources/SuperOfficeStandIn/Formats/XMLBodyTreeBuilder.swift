import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Collects `XMLParser` events into an `XMLBodyNode` tree: local names, direct text and CDATA, children in order.
/// Lives only for one synchronous `parse()` call.
final class XMLBodyTreeBuilder: NSObject, XMLParserDelegate {
    /// Elements started and not yet ended, outermost first.
    private var open: [XMLBodyNode] = []
    /// The root element, once it has ended.
    private(set) var root: XMLBodyNode?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        open.append(XMLBodyNode(name: elementName, text: "", children: []))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let node = open.popLast() else { return }
        if open.isEmpty {
            root = node
        } else {
            open[open.count - 1].children.append(node)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !open.isEmpty else { return }
        open[open.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !open.isEmpty else { return }
        open[open.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }
}
