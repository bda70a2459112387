import Foundation
import Yams

/// Reads a list of API-key hashes (`api_keys_sha256`), used by clients and the admin listener alike.
enum KeyHashList {
    /// The lowercase form of a 64-character hex SHA-256, or `nil` when `text` is not one.
    static func normalize(_ text: String) -> String? {
        guard text.utf8.count == 64, text.allSatisfy(\.isHexDigit), text.allSatisfy(\.isASCII) else { return nil }
        return text.lowercased()
    }

    /// Reads the key list at `key`. A client's list (`clientList`) is required, holds at least one entry, and each
    /// entry is a plain hash or `{ sha256, not_after, note }`; the admin listener's is optional and holds plain hashes.
    static func read(_ key: String, from block: MappingReader, clientList: Bool) -> [ClientKeyConfig]? {
        guard let node = clientList ? block.requiredNode(key) : block.node(key) else {
            return clientList ? nil : []
        }
        guard let elements = block.context.sequence(node, at: block.path(key)) else { return nil }
        if clientList, elements.isEmpty {
            block.context.report(block.path(key), "expected at least one key hash")
            return nil
        }
        var entries: [ClientKeyConfig] = []
        var valid = true
        for element in elements {
            if clientList, case .mapping = element.node {
                guard let entry = block.context.mapping(element.node, at: element.path).flatMap(readEntry(from:)) else {
                    valid = false
                    continue
                }
                entries.append(entry)
                continue
            }
            let text = clientList
                ? block.context.scalar(element.node, at: element.path, expecting: "expected 64 hex characters or { sha256, not_after, note }")
                : block.context.scalar(element.node, at: element.path)
            guard let text else {
                valid = false
                continue
            }
            guard let hash = normalize(text) else {
                block.context.report(element.path, "expected 64 hex characters")
                valid = false
                continue
            }
            entries.append(ClientKeyConfig(sha256: hash))
        }
        return valid ? entries : nil
    }

    /// Reads `{ sha256, not_after, note }`.
    private static func readEntry(from block: MappingReader) -> ClientKeyConfig? {
        var hash: String?
        if let text = block.requiredString("sha256") {
            hash = normalize(text)
            if hash == nil { block.context.report(block.path("sha256"), "expected 64 hex characters") }
        }
        var notAfter: Date?
        var notAfterValid = true
        if let text = block.string("not_after") {
            notAfter = RFC3339Timestamp.parse(text)
            if notAfter == nil {
                block.context.report(block.path("not_after"), RFC3339Timestamp.expectation)
                notAfterValid = false
            }
        }
        let note = block.headerString("note")
        let noteValid = note != nil || !block.has("note")
        block.finish()
        guard let hash, notAfterValid, noteValid else { return nil }
        return ClientKeyConfig(sha256: hash, notAfter: notAfter, note: note)
    }
}
