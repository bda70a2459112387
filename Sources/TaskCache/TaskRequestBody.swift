/// The parts of a cached task request body that decide the answer, in canonical form, so equal questions
/// compare and hash equal whatever the body's format or spelling.
public struct TaskRequestBody: Hashable, Sendable {
    /// The associates asked about.
    public var associates: AssociateSet
    /// The other fields that change the answer: the canonical `State` name for
    /// `GetBatchTaskInfosByAssociatesAndState`, the exact `Name` for `GetBatchTaskInfosByNameAndAssociates`,
    /// and "" for `GetBatchTaskInfosByAssociates`.
    public var extra: String

    /// Creates a body.
    /// - Parameters:
    ///   - associates: the associates.
    ///   - extra: the canonical other field ("" when the endpoint has none).
    public init(associates: AssociateSet, extra: String) {
        self.associates = associates
        self.extra = extra
    }
}
