/// The result of looking one parameter up in a request body.
enum ParameterLookup<Value: Sendable>: Sendable {
    case missing
    case invalid(String)
    case value(Value)

    /// The value when one was found and valid.
    var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}
