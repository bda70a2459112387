/// Why the tenant's API address is not known, in words safe to show a partner.
public struct TenantLookupError: Error, Sendable, CustomStringConvertible {
    public var partnerMessage: String

    public init(_ partnerMessage: String) {
        self.partnerMessage = partnerMessage
    }

    public var description: String { partnerMessage }
}
