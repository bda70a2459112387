extension UpstreamConfig {
    /// Reads the `upstream` block; `nil` when the target cannot be determined.
    static func read(from block: MappingReader) -> UpstreamConfig? {
        let defaults = UpstreamConfig(target: .url(UpstreamURL(scheme: "https", host: "localhost")))
        let target = readTarget(from: block)
        let appToken = block.headerString("app_token")
        let headers = RequestDefaults.read(from: block)
        let timeout = block.duration("timeout", default: defaults.timeout, positive: true)
        let connectTimeout = block.duration("connect_timeout", default: defaults.connectTimeout, positive: true)
        let maxConnections = block.int("max_connections", default: defaults.maxConnections, in: 1...Int.max)
        let maxResponseBody = block.size("max_response_body", default: defaults.maxResponseBody)
        let requestGzip = block.bool("request_gzip", default: defaults.requestGzip)
        let tls = block.mapping("tls").map(UpstreamTLSConfig.read(from:))
        let credentials = block.mapping("credentials").flatMap(CredentialsConfig.read(from:))
        let renewal = block.mapping("renewal").map(RenewalConfig.read(from:)) ?? defaults.renewal
        block.finish()
        guard let target else { return nil }
        return UpstreamConfig(
            target: target, appToken: appToken, timeZone: headers.timeZone, language: headers.language,
            culture: headers.culture, timeout: timeout, connectTimeout: connectTimeout, maxConnections: maxConnections,
            maxResponseBody: maxResponseBody, requestGzip: requestGzip, tls: tls, credentials: credentials,
            renewal: renewal
        )
    }

    /// Exactly one of `url` or `tenant`.
    private static func readTarget(from block: MappingReader) -> UpstreamTarget? {
        let hasURL = block.has("url")
        let hasTenant = block.has("tenant")
        let urlText = block.string("url")
        let tenantBlock = block.mapping("tenant")
        guard hasURL != hasTenant else {
            block.context.report(block.path, "expected exactly one of url, tenant")
            return nil
        }
        if let urlText {
            switch UpstreamURL.validate(urlText) {
            case .success(let url):
                return .url(url)
            case .failure(let problem):
                block.context.report(block.path("url"), problem.message)
                return nil
            }
        }
        return tenantBlock.flatMap(TenantConfig.read(from:)).map(UpstreamTarget.tenant)
    }
}
