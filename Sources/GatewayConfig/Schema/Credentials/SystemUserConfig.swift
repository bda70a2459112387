/// A SuperOffice system user: the gateway signs the system-user token with the partner's RSA key and exchanges it
/// for a ticket, so no interactive login is needed.
public struct SystemUserConfig: Sendable, Equatable {
    /// The system-user token from the tenant's consent (secret).
    public var token: String
    /// Absolute path of the RSA private key (PEM, or SuperOffice's RSA XML form) that signs the token.
    public var privateKeyFile: String
    /// The tenant context identifier, e.g. `Cust12345`.
    public var context: String
    /// Where the PartnerSystemUser service lives.
    public var environment: SuperOfficeEnvironment
    /// Whether to verify the returned JWT against the environment's keys before use.
    public var verify: Bool

    /// Creates system-user credentials.
    public init(token: String, privateKeyFile: String, context: String, environment: SuperOfficeEnvironment, verify: Bool = false) {
        self.token = token
        self.privateKeyFile = privateKeyFile
        self.context = context
        self.environment = environment
        self.verify = verify
    }
}

extension SystemUserConfig: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Names everything but the token.
    public var description: String {
        "system_user(token: \(Redaction.mask), private_key_file: \(privateKeyFile), context: \(context), environment: \(environment), verify: \(verify))"
    }

    /// The same text as `description`, so debug output is redacted too.
    public var debugDescription: String {
        description
    }

    /// Children with secrets masked, so `dump` and debuggers show no secret.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "token": Redaction.mask, "privateKeyFile": privateKeyFile, "context": context,
            "environment": environment, "verify": verify,
        ])
    }
}

extension SystemUserConfig {
    /// Reads `{ token, private_key_file, context, environment | environment_url, verify }`.
    static func read(from block: MappingReader) -> SystemUserConfig? {
        let token = block.headerString("token", required: true)
        // PEM or SuperOffice's RSA XML form: the credential provider parses and reports either.
        let keyFile = block.file("private_key_file", required: true, pem: false)
        let context = TenantConfig.readContext(from: block)
        let environment = SuperOfficeEnvironment.read(from: block, required: true)
        let verify = block.bool("verify", default: false)
        block.finish()
        guard let token, let keyFile, let context, let environment else { return nil }
        return SystemUserConfig(token: token, privateKeyFile: keyFile, context: context, environment: environment, verify: verify)
    }
}
