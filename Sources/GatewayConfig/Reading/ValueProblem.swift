/// Why a single scalar could not be turned into a value; the reader attaches the key path.
struct ValueProblem: Error, Sendable, Equatable {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
