/// A SuperOffice Online tenant, for when the gateway should find the tenant's current host itself
/// (the numbered host such as `online3` changes over time and must not be hard-coded).
public struct TenantConfig: Sendable, Equatable, Hashable {
    /// The context identifier, e.g. `Cust12345`.
    public var context: String
    /// The environment the tenant lives in.
    public var environment: SuperOfficeEnvironment

    /// Creates a tenant reference.
    public init(context: String, environment: SuperOfficeEnvironment) {
        self.context = context
        self.environment = environment
    }

    /// Context identifiers are letters then digits, like `Cust12345`.
    public static func isValidContext(_ context: String) -> Bool {
        let letters = context.prefix { $0.isASCII && $0.isLetter }
        let digits = context.dropFirst(letters.count)
        return !letters.isEmpty && !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

extension TenantConfig {
    /// Reads `{ context, environment | environment_url }`.
    static func read(from block: MappingReader) -> TenantConfig? {
        let context = readContext(from: block)
        let environment = SuperOfficeEnvironment.read(from: block, required: true)
        block.finish()
        guard let context, let environment else { return nil }
        return TenantConfig(context: context, environment: environment)
    }

    /// Reads and checks a `context` key; shared with the system-user credentials block.
    static func readContext(from block: MappingReader) -> String? {
        guard let context = block.requiredString("context") else { return nil }
        guard isValidContext(context) else {
            block.context.report(block.path("context"), "expected a context identifier like Cust12345")
            return nil
        }
        return context
    }
}
