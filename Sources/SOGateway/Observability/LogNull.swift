/// A log metadata value the JSON log handler writes as `null`, so an access line names every field even when
/// it does not apply (no upstream call, no cache involved) and log queries need not test for missing keys.
struct LogNull: CustomStringConvertible, Sendable {
    static let value = LogNull()
    var description: String { "null" }
}
