import NIOHTTP1

/// The top-level path dispatch: `/login/...` (SuperID), `/api/state/{ctx}`, `/{ctx}/login` and `/{ctx}/api/...`.
struct StandInRouter: Sendable {
    var configuration: StandInConfiguration
    var tenantAPI: TenantAPIRouter
    var systemUser: SystemUserEndpoint
    var oauth: OAuthTokenEndpoint
    var tenantState: TenantStateEndpoint
    var sessionLogin: SessionLoginEndpoint

    init(configuration: StandInConfiguration) {
        self.configuration = configuration
        tenantAPI = TenantAPIRouter(configuration: configuration)
        systemUser = SystemUserEndpoint(configuration: configuration)
        oauth = OAuthTokenEndpoint(configuration: configuration)
        tenantState = TenantStateEndpoint(configuration: configuration)
        sessionLogin = SessionLoginEndpoint(configuration: configuration)
    }

    func route(_ context: RouteContext, state: inout StandInState) -> StandInResponse {
        let segments = context.request.segments
        let lowered = segments.map { $0.lowercased() }
        switch lowered {
        case ["login", "api", "partnersystemuser", "authenticate"]:
            return systemUser.handle(context, state: &state)
        case ["login", "common", "oauth", "tokens"]:
            return oauth.handle(context, state: &state)
        case ["login", ".well-known", "openid-configuration"]:
            return .json(DiscoveryDocuments.openIDConfiguration(baseURL: context.baseURL))
        case ["login", ".well-known", "jwks"]:
            do {
                return .json(try DiscoveryDocuments.jwks(state.key(configuration: configuration)))
            } catch {
                return SuperOfficeErrorBody.soError(.internalServerError, type: "SoSigningException", message: "No signing key.")
            }
        default:
            break
        }
        if lowered.count == 3, lowered[0] == "api", lowered[1] == "state" {
            return tenantState.handle(context, tenant: segments[2], state: state)
        }
        if lowered.count == 2, lowered[1] == "login", lowered[0] == configuration.context.lowercased() {
            return sessionLogin.handle(context, state: &state)
        }
        if lowered.count >= 2, lowered[1] == "api" {
            return tenantAPI.route(context, segments: segments, state: &state)
        }
        return SuperOfficeErrorBody.notFoundRoute(context.request.path)
    }
}
