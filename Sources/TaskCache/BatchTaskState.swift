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

    /// The names, for error messages.
    static let namesList = allCases.map(\.rawValue).joined(separator: ", ")
}
