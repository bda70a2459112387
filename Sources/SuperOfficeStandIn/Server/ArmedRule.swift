/// Something armed for the next `remaining` requests whose path contains `pathContaining` (case-insensitive;
/// nil = any path): a fault to play, or a gate to hold the answer at.
struct ArmedRule<Payload: Sendable>: Sendable {
    var payload: Payload
    var pathContaining: String?
    var remaining: Int

    func matches(path: String) -> Bool {
        guard let pathContaining else { return true }
        return path.lowercased().contains(pathContaining.lowercased())
    }

    /// Takes the payload of the first rule matching `path`, counting it down and dropping spent rules.
    static func take(from rules: inout [ArmedRule], path: String) -> Payload? {
        guard let index = rules.firstIndex(where: { $0.remaining > 0 && $0.matches(path: path) }) else { return nil }
        let payload = rules[index].payload
        rules[index].remaining -= 1
        if rules[index].remaining <= 0 { rules.remove(at: index) }
        return payload
    }
}
