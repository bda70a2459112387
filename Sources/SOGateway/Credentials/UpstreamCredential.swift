/// What one upstream call carries to prove who it is: the headers to add, and a generation number so a
/// 401 can tell whether the credential it failed with has already been replaced.
public struct UpstreamCredential: Sendable {
    public var headers: [(String, String)]
    public var generation: Int

    public init(headers: [(String, String)], generation: Int) {
        self.headers = headers
        self.generation = generation
    }
}
