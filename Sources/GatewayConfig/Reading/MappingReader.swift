import Yams

/// Reads one YAML mapping key by key and reports every key nobody asked for, so typos never pass silently.
///
/// YAML merge keys (`<<: *anchor`) are honoured: merged keys count as if written here, explicit keys win.
final class MappingReader {
    let path: ConfigPath
    let context: ConfigReadContext
    /// The keys in file order with their values.
    private(set) var entries: [(key: String, value: Node)] = []
    private var consumed: Set<String> = []

    init(_ mapping: Node.Mapping, at path: ConfigPath, context: ConfigReadContext) {
        self.path = path
        self.context = context
        var merged: [(key: String, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                context.report(path, "keys must be plain strings")
                continue
            }
            if keyScalar.string == "<<", keyScalar.style == .plain || keyScalar.style == .any {
                merged += mergeSources(value)
            } else {
                entries.append((keyScalar.string, value))
            }
        }
        let explicit = Set(entries.map(\.key))
        var seenMerged: Set<String> = []
        for entry in merged where !explicit.contains(entry.key) && seenMerged.insert(entry.key).inserted {
            entries.append(entry)
        }
    }

    /// The entries a merge key brings in: one mapping, or a list of them where earlier ones win.
    private func mergeSources(_ value: Node) -> [(key: String, value: Node)] {
        let sources: [Node]
        switch value {
        case .mapping: sources = [value]
        case .sequence(let sequence): sources = Array(sequence)
        default:
            context.report(path.key("<<"), "expected a mapping or a list of mappings to merge")
            return []
        }
        var result: [(key: String, value: Node)] = []
        for source in sources {
            guard case .mapping(let mapping) = source else {
                context.report(path.key("<<"), "expected a mapping or a list of mappings to merge")
                continue
            }
            result += MappingReader(mapping, at: path, context: context).entries
        }
        return result
    }

    /// The path of a key in this mapping.
    func path(_ key: String) -> ConfigPath {
        path.key(key)
    }

    /// Whether a key is written here with a non-null value (does not consume it).
    func has(_ key: String) -> Bool {
        entries.contains { $0.key == key && !context.isNull($0.value) }
    }

    /// The value of `key`, or `nil` when absent or null; marks the key as known.
    func node(_ key: String) -> Node? {
        consumed.insert(key)
        guard let value = entries.first(where: { $0.key == key })?.value, !context.isNull(value) else { return nil }
        return value
    }

    /// Like `node(_:)`, but reports `missing required key` when there is no value.
    func requiredNode(_ key: String) -> Node? {
        guard let value = node(key) else {
            context.report(path(key), "missing required key")
            return nil
        }
        return value
    }

    /// Reports every key that no reader asked for. Call once, after reading all known keys.
    func finish() {
        for entry in entries where !consumed.contains(entry.key) {
            context.report(path(entry.key), "unknown key")
        }
    }
}
