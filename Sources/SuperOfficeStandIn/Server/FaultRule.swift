/// An armed fault: applies to the next `remaining` requests whose path contains `pathContaining` (nil = any).
struct FaultRule: Sendable {
    var fault: StandInFault
    var pathContaining: String?
    var remaining: Int

    func matches(path: String) -> Bool {
        guard let pathContaining else { return true }
        return path.lowercased().contains(pathContaining.lowercased())
    }
}
