/// A caller of the gateway: the API keys it authenticates with (stored only as SHA-256 hashes) and what it gets.
public struct ClientConfig: Sendable, Equatable {
    /// A unique, log-safe name made of `[A-Za-z0-9._-]`.
    public var name: String
    /// Lowercase hex SHA-256 hashes of the client's API keys; several allow rotation.
    public var apiKeysSHA256: [String]
    /// `SO-TimeZone` for this client's requests, overriding `upstream.time_zone`.
    public var timeZone: String?
    /// `SO-Language` for this client's requests, overriding `upstream.language`.
    public var language: String?
    /// `SO-Culture` for this client's requests, overriding `upstream.culture`.
    public var culture: String?
    /// This client's own upstream identity; `nil` uses `upstream.credentials`.
    public var credentials: CredentialsConfig?
    /// This client's request budget; `nil` for none.
    public var rateLimit: ClientRateLimitConfig?
    /// Whether requests answered from cache count against the client's rate limit.
    public var countCacheHits: Bool

    /// Creates a client.
    public init(
        name: String,
        apiKeysSHA256: [String],
        timeZone: String? = nil,
        language: String? = nil,
        culture: String? = nil,
        credentials: CredentialsConfig? = nil,
        rateLimit: ClientRateLimitConfig? = nil,
        countCacheHits: Bool = true
    ) {
        self.name = name
        self.apiKeysSHA256 = apiKeysSHA256
        self.timeZone = timeZone
        self.language = language
        self.culture = culture
        self.credentials = credentials
        self.rateLimit = rateLimit
        self.countCacheHits = countCacheHits
    }

    /// Whether `name` is a valid client name: non-empty, `[A-Za-z0-9._-]` only.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }
}

extension ClientConfig {
    /// Reads one element of `clients`.
    static func read(from block: MappingReader) -> ClientConfig? {
        var name = block.requiredString("name")
        if let value = name, !isValidName(value) {
            block.context.report(block.path("name"), "expected letters, digits, '.', '_' or '-' only")
            name = nil
        }
        let hashes = KeyHashList.read("api_keys_sha256", from: block, required: true)
        let headers = RequestDefaults.read(from: block)
        let credentials = block.mapping("credentials").flatMap(CredentialsConfig.read(from:))
        let credentialsFailed = block.has("credentials") && credentials == nil
        let rateLimit = block.mapping("rate_limit").flatMap(ClientRateLimitConfig.read(from:))
        let countCacheHits = block.bool("count_cache_hits", default: true)
        block.finish()
        guard let name, let hashes, !credentialsFailed else { return nil }
        return ClientConfig(
            name: name, apiKeysSHA256: hashes, timeZone: headers.timeZone, language: headers.language,
            culture: headers.culture, credentials: credentials, rateLimit: rateLimit, countCacheHits: countCacheHits
        )
    }
}
