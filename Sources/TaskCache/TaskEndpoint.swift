/// The batch-agent task queries the cache understands, so keys and parsing rules are tied to one endpoint each.
public enum TaskEndpoint: String, Sendable, CaseIterable {
    case getBatchTaskInfosByAssociates = "GetBatchTaskInfosByAssociates"
    case getBatchTaskInfosByAssociatesAndState = "GetBatchTaskInfosByAssociatesAndState"
    case getBatchTaskInfosByNameAndAssociates = "GetBatchTaskInfosByNameAndAssociates"

    /// Matches the last path segment of `/api/v1/Agents/Batch/<Method>` case-insensitively (the WebAPI routes so).
    /// - Parameter methodName: the method segment of the path.
    public init?<S: StringProtocol>(methodName: S) {
        for endpoint in Self.allCases where endpoint.rawValue.utf8.count == methodName.utf8.count {
            if ASCIIBytes.equalsIgnoringCase(Array(methodName.utf8)[...], endpoint.rawValue) {
                self = endpoint
                return
            }
        }
        return nil
    }
}
