/// The result of looking one parameter up in a request body.
enum ParameterLookup<Value: Sendable>: Sendable {
    case missing
    case invalid(String)
    case value(Value)
}
