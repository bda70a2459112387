/// `/login/.well-known/openid-configuration` and `/login/.well-known/jwks` (reference §1.3).
enum DiscoveryDocuments {
    static func openIDConfiguration(baseURL: String) -> JSONValue {
        .object([
            JSONMember("issuer", .string(baseURL)),
            JSONMember("authorization_endpoint", .string(baseURL + "/login/common/oauth/authorize")),
            JSONMember("token_endpoint", .string(baseURL + "/login/common/oauth/tokens")),
            JSONMember("jwks_uri", .string(baseURL + "/login/.well-known/jwks")),
            JSONMember("scopes_supported", .array([.string("openid")])),
            JSONMember("response_types_supported", .array([.string("code"), .string("id_token"), .string("token id_token")])),
            JSONMember("grant_types_supported", .array([.string("implicit"), .string("authorization_code"), .string("refresh_token")])),
            JSONMember("token_endpoint_auth_methods_supported", .array([.string("client_secret_post"), .string("client_secret_basic")])),
            JSONMember("subject_types_supported", .array([.string("public")])),
            JSONMember("id_token_signing_alg_values_supported", .array([.string("RS256")])),
        ])
    }

    static func jwks(_ key: StandInSigningKey) throws -> JSONValue {
        .object([JSONMember("keys", .array([try key.jwk()]))])
    }
}
