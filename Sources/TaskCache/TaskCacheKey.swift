/// Everything that can change a cached task answer, so two requests share an entry only when upstream would
/// have answered both identically (same identity, endpoint, canonical body, `$select`, representation and
/// locale headers).
public struct TaskCacheKey: Hashable, Sendable {
    /// Hex SHA-256 of the upstream identity (computed by the caller): answers under different credentials are
    /// never shared, and the key never holds a secret.
    public var identity: String
    /// The batch method.
    public var endpoint: TaskEndpoint
    /// The canonical body.
    public var body: TaskRequestBody
    /// The normalized `$select` (`SelectNormalizer`).
    public var select: String
    /// JSON or XML.
    public var representation: Representation
    /// `SO-Language` exactly as sent upstream ("" when absent).
    public var language: String
    /// `Accept-Language` exactly as sent upstream ("" when absent).
    public var acceptLanguage: String
    /// `SO-Culture` exactly as sent upstream ("" when absent).
    public var culture: String
    /// `SO-TimeZone` exactly as sent upstream ("" when absent).
    public var timeZone: String

    /// Creates a key.
    /// - Parameters:
    ///   - identity: hex SHA-256 of the upstream identity.
    ///   - endpoint: the batch method.
    ///   - body: the canonical body.
    ///   - select: the normalized `$select`.
    ///   - representation: JSON or XML.
    ///   - language: `SO-Language` as sent upstream.
    ///   - acceptLanguage: `Accept-Language` as sent upstream.
    ///   - culture: `SO-Culture` as sent upstream.
    ///   - timeZone: `SO-TimeZone` as sent upstream.
    public init(
        identity: String,
        endpoint: TaskEndpoint,
        body: TaskRequestBody,
        select: String = "",
        representation: Representation = .json,
        language: String = "",
        acceptLanguage: String = "",
        culture: String = "",
        timeZone: String = ""
    ) {
        self.identity = identity
        self.endpoint = endpoint
        self.body = body
        self.select = select
        self.representation = representation
        self.language = language
        self.acceptLanguage = acceptLanguage
        self.culture = culture
        self.timeZone = timeZone
    }
}
