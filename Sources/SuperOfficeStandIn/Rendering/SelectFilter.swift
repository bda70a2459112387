import Foundation

/// `$select=a,b,c/d` on agents (reference §4, stand-in fact 9): every key is kept, values not selected are nulled;
/// a nested path keeps its parent object with the unselected children nulled. Names match case-insensitively and
/// unknown names are ignored ([I]).
struct SelectFilter: Sendable, Equatable {
    /// Selected children by lowercased name; a node with no children selects its whole value.
    private var children: [String: SelectFilter] = [:]
    private var selectsWhole = false

    /// nil when the parameter is absent or selects nothing (then every field is returned).
    init?(_ text: String?) {
        guard let text else { return nil }
        var root = SelectFilter(whole: false)
        for path in text.split(separator: ",") {
            let parts = path.split(separator: "/").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }.filter { !$0.isEmpty }
            guard !parts.isEmpty else { continue }
            root.insert(parts[...])
        }
        guard !root.children.isEmpty else { return nil }
        self = root
    }

    private init(whole: Bool) {
        selectsWhole = whole
    }

    private mutating func insert(_ parts: ArraySlice<String>) {
        guard let first = parts.first else { return }
        var child = children[first] ?? SelectFilter(whole: false)
        if parts.count == 1 {
            child.selectsWhole = true
        } else if !child.selectsWhole {
            child.insert(parts.dropFirst())
        }
        children[first] = child
    }

    /// Applies the selection to a carrier, or to each carrier of an array.
    func apply(to value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(apply))
        case .object(let members):
            return .object(members.map { member in
                guard let child = children[member.key.lowercased()] else { return JSONMember(member.key, .null) }
                if child.selectsWhole { return member }
                return JSONMember(member.key, child.apply(to: member.value))
            })
        default:
            return value
        }
    }
}
