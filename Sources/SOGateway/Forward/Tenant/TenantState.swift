import GatewayConfig
import UpstreamTransport

/// What `GET {environment}/api/state/{context}` says about a tenant: its state and where its WebAPI lives now
/// (the numbered host changes over time, so the gateway asks instead of hard-coding it).
public struct TenantState: Sendable, Equatable {
    /// State names by the numeric values SuperOffice documents.
    static let names: [Int: String] = [
        0: "Unknown", 1: "Provisioning", 2: "Running", 3: "Deleted", 4: "Suspended", 5: "OnlineMaintenance",
        6: "OfflineMaintenance", 8: "ProvisioningFailed", 10: "Deleting", 11: "DeleteFailed", 12: "MigrationPending",
    ]

    /// e.g. `Running`, `Suspended`.
    public var stateName: String
    /// True only for Running and OnlineMaintenance.
    public var isRunning: Bool
    /// The tenant's API base (host plus `/Cust12345`), nil when the answer names none.
    public var base: UpstreamBase?

    public init(stateName: String, isRunning: Bool, base: UpstreamBase?) {
        self.stateName = stateName
        self.isRunning = isRunning
        self.base = base
    }

    /// Reads the state document; nil when it is not one.
    static func parse(_ document: [String: Any]) -> TenantState? {
        let stateName: String
        if let name = document["State"] as? String {
            stateName = name
        } else if let number = document["State"] as? Int {
            stateName = names[number] ?? "State\(number)"
        } else {
            return nil
        }
        let isRunning = document["IsRunning"] as? Bool ?? (stateName == "Running" || stateName == "OnlineMaintenance")
        let api = (document["Api"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let endpoint = (document["Endpoint"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let base = (api.map(Self.stripAPI) ?? endpoint).flatMap(Self.base(fromURL:))
        return TenantState(stateName: stateName, isRunning: isRunning, base: base)
    }

    /// `https://online3.superoffice.com/Cust12345/api` → `https://online3.superoffice.com/Cust12345` (the gateway
    /// appends the partner's `/api/...` itself).
    static func stripAPI(_ api: String) -> String {
        var text = api
        while text.hasSuffix("/") { text.removeLast() }
        if text.lowercased().hasSuffix("/api") { text.removeLast(4) }
        return text
    }

    static func base(fromURL text: String) -> UpstreamBase? {
        guard let url = UpstreamURL.parse(text) else { return nil }
        return UpstreamBase(endpoint: url.endpoint, basePath: url.basePath)
    }
}
