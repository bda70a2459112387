/// BatchTaskState as the WebAPI spells it on the wire (reference §7; `Aquired` sic). Public so tests can set a
/// task's state (`SuperOfficeStandIn.setTaskState`).
public enum BatchTaskState: String, Sendable, CaseIterable {
    case unknown = "Unknown"
    case new = "New"
    case aquired = "Aquired"
    case started = "Started"
    case succeeded = "Succeeded"
    case failed = "Failed"
    case succeededManualCleanup = "SucceededManualCleanup"
    /// Only a filter value ("no state filter"); never the state of a task.
    case all = "All"

    /// [I] numeric wire values, with `All` = 99999 from the WSDL.
    public var number: Int {
        switch self {
        case .unknown: return 0
        case .new: return 1
        case .aquired: return 2
        case .started: return 3
        case .succeeded: return 4
        case .failed: return 5
        case .succeededManualCleanup: return 6
        case .all: return 99_999
        }
    }

    /// Succeeded, Failed and SucceededManualCleanup: the batch runner never changes these again (reference §7a).
    public var isFinal: Bool {
        self == .succeeded || self == .failed || self == .succeededManualCleanup
    }

    /// Parses a name (case-insensitive, as Json.NET's enum converter does) or a number.
    static func parse(_ text: String) -> BatchTaskState? {
        if let number = Int(text) { return allCases.first { $0.number == number } }
        let wanted = text.lowercased()
        return allCases.first { $0.rawValue.lowercased() == wanted }
    }

    /// States a generated task can be in.
    static let lifecycle: [BatchTaskState] = [.new, .aquired, .started, .succeeded, .failed, .succeededManualCleanup]
}
