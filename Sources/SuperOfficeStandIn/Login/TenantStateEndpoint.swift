import NIOHTTP1

/// `GET /api/state/{context}` (reference §0), unauthenticated: where the tenant's API lives and whether it runs.
struct TenantStateEndpoint: Sendable {
    var configuration: StandInConfiguration

    func handle(_ context: RouteContext, tenant: String, state: StandInState) -> StandInResponse {
        guard tenant.lowercased() == configuration.context.lowercased() else {
            return SuperOfficeErrorBody.soError(.notFound, type: "SoNotFoundException", message: "Tenant '\(tenant)' not found", source: "SuperOffice.WebApi")
        }
        let apiURL = state.tenant.apiURL ?? "\(context.baseURL)/\(configuration.context)/api"
        let endpoint = apiURL.lowercased().hasSuffix("/api") ? String(apiURL.dropLast(4)) : apiURL
        let validUntil = CivilDateTime(epochSeconds: context.nowEpoch + 3600).isoText + "Z"
        return .json(.object([
            JSONMember("ContextIdentifier", .string(configuration.context)),
            JSONMember("Endpoint", .string(endpoint)),
            JSONMember("State", .string(state.tenant.state)),
            JSONMember("IsRunning", .bool(state.tenant.running)),
            JSONMember("ValidUntil", .string(validUntil)),
            JSONMember("Api", .string(apiURL)),
        ]))
    }
}
