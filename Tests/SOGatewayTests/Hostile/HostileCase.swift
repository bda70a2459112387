import Testing

/// One named hostile input for a parameterised test; the name is what the test report shows.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var raw: String

    var testDescription: String { name }
}
