import Foundation
import Yams

/// Reads a list of API-key hashes (`api_keys_sha256`), used by clients and the admin listener alike.
enum KeyHashList {
    /// The lowercase form of a 64-character hex SHA-256, or `nil` when `text` is not one.
    static func normalize(_ text: String) -> String? {
        guard text.utf8.count == 64, text.allSatisfy(\.isHexDigit), text.allSatisfy(\.isASCII) else { return nil }
        return text.lowercased()
    }

    /// Reads the list at `key`; `required` also demands at least one entry.
    static func read(_ key: String, from block: MappingReader, required: Bool) -> [String]? {
        guard let node = required ? block.requiredNode(key) : block.node(key) else {
            return required ? nil : []
        }
        guard let elements = block.context.sequence(node, at: block.path(key)) else { return nil }
        if required, elements.isEmpty {
            block.context.report(block.path(key), "expected at least one key hash")
            return nil
        }
        var hashes: [String] = []
        var valid = true
        for element in elements {
            guard let text = block.context.scalar(element.node, at: element.path) else {
                valid = false
                continue
            }
            guard let hash = normalize(text) else {
                block.context.report(element.path, "expected 64 hex characters")
                valid = false
                continue
            }
            hashes.append(hash)
        }
        return valid ? hashes : nil
    }

    /// Reads a client's key list, where each entry is a plain hash or `{ sha256, not_after, note }`.
    static func readEntries(_ key: String, from block: MappingReader) -> [ClientKeyConfig]? {
        guard let node = block.requiredNode(key), let elements = block.context.sequence(node, at: block.path(key)) else {
            return nil
        }
        if elements.isEmpty {
            block.context.report(block.path(key), "expected at least one key hash")
            return nil
        }
        var entries: [ClientKeyConfig] = []
        var valid = true
        for element in elements {
            if case .mapping = element.node {
                guard let entry = block.context.mapping(element.node, at: element.path).flatMap(readEntry(from:)) else {
                    valid = false
                    continue
                }
                entries.append(entry)
                continue
            }
            let expectation = "expected 64 hex characters or { sha256, not_after, note }"
            guard let text = block.context.scalar(element.node, at: element.path, expecting: expectation) else {
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
