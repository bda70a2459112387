/// Where upstream requests go: a fixed URL, or a tenant whose current host is discovered at run time.
public enum UpstreamTarget: Sendable, Equatable, Hashable {
    /// A fixed base URL such as `https://online3.superoffice.com/Cust12345`.
    case url(UpstreamURL)
    /// A SuperOffice Online tenant in an environment.
    case tenant(TenantConfig)
}
