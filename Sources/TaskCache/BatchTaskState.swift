/// SuperOffice `BatchTaskState` names, so the `State` of `GetBatchTaskInfosByAssociatesAndState` is validated
/// and keyed in one canonical spelling (`Aquired` is SuperOffice's own spelling).
public enum BatchTaskState: String, Sendable, CaseIterable {
    case unknown = "Unknown"
    case new = "New"
    case aquired = "Aquired"
    case started = "Started"
    case succeeded = "Succeeded"
    case failed = "Failed"
    case succeededManualCleanup = "SucceededManualCleanup"
    case all = "All"

    /// Matches an enum name case-insensitively, as ASP.NET's enum binding does. Numbers are not accepted:
    /// their wire values are not documented.
    /// - Parameter bytes: the UTF-8 name.
    init?(name bytes: ArraySlice<UInt8>) {
        for state in Self.allCases where ASCIIBytes.equalsIgnoringCase(bytes, state.rawValue) {
            self = state
            return
        }
        return nil
    }

    /// Whether the batch runner is done with a task in this state (superoffice-webapi.md §7a).
    public var isFinal: Bool {
        switch self {
        case .succeeded, .failed, .succeededManualCleanup: return true
        case .unknown, .new, .aquired, .started, .all: return false
        }
    }

    /// Whether a state as answers carry it is final: a name in any case, or a number as text.
    /// - Parameter text: the UTF-8 value.
    static func isFinal(_ text: ArraySlice<UInt8>) -> Bool {
        if let number = try? DecimalText.int32(text) { return isFinal(number: number) }
        return BatchTaskState(name: text)?.isFinal ?? false
    }

    /// Whether a numeric state is final: Succeeded = 4, Failed = 5, SucceededManualCleanup = 6.
    /// - Parameter number: the wire value.
    static func isFinal(number: Int32) -> Bool {
        (4...6).contains(number)
    }

    /// The names, for error messages.
    static let namesList = allCases.map(\.rawValue).joined(separator: ", ")
}
