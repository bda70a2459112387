/// Why a cached-task request body was refused; `detail` is human-readable and never echoes body content,
/// so it is safe to show the partner in a 400 answer.
public struct TaskBodyError: Error, Sendable, Equatable {
    /// What is wrong, in words a partner developer can act on.
    public var detail: String

    /// Creates an error.
    /// - Parameter detail: the message shown to the partner.
    public init(detail: String) {
        self.detail = detail
    }

    static func syntax(_ format: String, at offset: Int) -> TaskBodyError {
        TaskBodyError(detail: "The request body is not valid \(format) (near byte \(offset)).")
    }

    static let idsRequired = TaskBodyError(detail: "AssociateIds is required.")
    static let idsNotArray = TaskBodyError(detail: "AssociateIds must be an array of integers.")
    static let idsNotIntegers = TaskBodyError(
        detail: "AssociateIds must contain only integers (no strings, fractions, exponents, booleans, nulls or arrays)."
    )
    static let idOutOfRange = TaskBodyError(detail: "AssociateIds values must fit in a 32-bit signed integer.")
    static let idsDuplicated = TaskBodyError(detail: "AssociateIds is given more than once.")
    static let tooDeep = TaskBodyError(detail: "The request body is nested too deeply (more than 32 levels).")
    static let stateRequired = TaskBodyError(detail: "State is required.")
    static let stateInvalid = TaskBodyError(detail: "State must be one of \(BatchTaskState.namesList).")
    static let stateDuplicated = TaskBodyError(detail: "State is given more than once.")
    static let nameRequired = TaskBodyError(detail: "Name is required.")
    static let nameInvalid = TaskBodyError(detail: "Name must be a string of valid UTF-8 text.")
    static let nameDuplicated = TaskBodyError(detail: "Name is given more than once.")

    static func tooManyIds(_ maxIds: Int) -> TaskBodyError {
        TaskBodyError(detail: "AssociateIds has more than \(maxIds) entries.")
    }
}
