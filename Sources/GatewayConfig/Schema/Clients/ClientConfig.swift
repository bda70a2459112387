/// A caller of the gateway: the API keys it authenticates with (stored only as SHA-256 hashes) and what it gets.
public struct ClientConfig: Sendable, Equatable {
    /// A unique, log-safe name made of `[A-Za-z0-9._-]`.
    public var name: String
    /// The client's API keys (hashes with optional lifetimes); several allow rotation without downtime.
    public var apiKeys: [ClientKeyConfig]
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
    /// `METHOD PATH-PATTERN` rules this client may call; `nil` allows everything (warned at start-up).
    public var allow: [AllowRule]?
    /// Addresses this client may call from; `nil` allows any address.
    public var sourceIPs: [CIDR]?
    /// This client's largest request body in bytes, overriding `limits.max_body`; `nil` uses that.
    public var maxBody: Int?

    /// Lowercase hex SHA-256 hashes of the client's API keys, whatever their lifetimes.
    public var apiKeysSHA256: [String] {
        apiKeys.map(\.sha256)
    }

    /// Creates a client.
    public init(
        name: String,
        apiKeys: [ClientKeyConfig] = [],
        timeZone: String? = nil,
        language: String? = nil,
        culture: String? = nil,
        credentials: CredentialsConfig? = nil,
        rateLimit: ClientRateLimitConfig? = nil,
        countCacheHits: Bool = true,
        allow: [AllowRule]? = nil,
        sourceIPs: [CIDR]? = nil,
        maxBody: Int? = nil
    ) {
        self.name = name
        self.apiKeys = apiKeys
        self.allow = allow
        self.sourceIPs = sourceIPs
        self.maxBody = maxBody
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
        let keys = KeyHashList.read("api_keys_sha256", from: block, clientList: true)
        let headers = RequestDefaults.read(from: block)
        let credentials = block.mapping("credentials").flatMap(CredentialsConfig.read(from:))
        let credentialsFailed = block.has("credentials") && credentials == nil
        let rateLimit = block.mapping("rate_limit").flatMap(ClientRateLimitConfig.read(from:))
        let countCacheHits = block.bool("count_cache_hits", default: true)
        let allow = readAllow(from: block)
        let sourceIPs = CIDRList.read("source_ips", from: block)
        let maxBody = block.optionalSize("max_body", minimum: 0)
        block.finish()
        guard let name, let keys, !credentialsFailed, allow.valid, sourceIPs.valid else { return nil }
        return ClientConfig(
            name: name, apiKeys: keys, timeZone: headers.timeZone, language: headers.language,
            culture: headers.culture, credentials: credentials, rateLimit: rateLimit, countCacheHits: countCacheHits,
            allow: allow.rules, sourceIPs: sourceIPs.ranges, maxBody: maxBody
        )
    }

    /// Reads `allow`; `valid` is false when a rule is malformed (reported), `rules` is nil when absent.
    private static func readAllow(from block: MappingReader) -> (rules: [AllowRule]?, valid: Bool) {
        guard let elements = block.list("allow") else {
            return (nil, !block.has("allow"))
        }
        var rules: [AllowRule] = []
        var valid = true
        for element in elements {
            let expectation = "expected a rule like GET /api/v1/Contact/*"
            guard let text = block.context.scalar(element.node, at: element.path, expecting: expectation) else {
                valid = false
                continue
            }
            switch AllowRule.parse(text) {
            case .success(let rule):
                rules.append(rule)
            case .failure(let problem):
                block.context.report(element.path, problem.message)
                valid = false
            }
        }
        return (rules, valid)
    }
}
