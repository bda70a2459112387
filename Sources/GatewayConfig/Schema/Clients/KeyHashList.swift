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
}
