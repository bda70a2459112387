/// What a body scanner collected, before the endpoint's rules turn it into a `TaskRequestBody`.
struct TaskBodyFields {
    var ids: [Int32]?
    var state: BatchTaskState?
    var name: String?

    /// Applies the endpoint's required-field rules; moves the ids out so they are sorted without a copy.
    mutating func finish(endpoint: TaskEndpoint) throws(TaskBodyError) -> TaskRequestBody {
        guard var ids else { throw .idsRequired }
        self.ids = nil
        let associates = AssociateSet(sorting: &ids)
        switch endpoint {
        case .getBatchTaskInfosByAssociates:
            return TaskRequestBody(associates: associates, extra: "")
        case .getBatchTaskInfosByAssociatesAndState:
            guard let state else { throw .stateRequired }
            return TaskRequestBody(associates: associates, extra: state.rawValue)
        case .getBatchTaskInfosByNameAndAssociates:
            guard let name else { throw .nameRequired }
            return TaskRequestBody(associates: associates, extra: name)
        }
    }

    /// Which optional field an endpoint reads besides `AssociateIds`.
    static func readsState(_ endpoint: TaskEndpoint) -> Bool {
        endpoint == .getBatchTaskInfosByAssociatesAndState
    }

    /// Which optional field an endpoint reads besides `AssociateIds`.
    static func readsName(_ endpoint: TaskEndpoint) -> Bool {
        endpoint == .getBatchTaskInfosByNameAndAssociates
    }
}
