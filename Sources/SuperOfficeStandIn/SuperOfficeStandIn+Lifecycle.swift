import NIOConcurrencyHelpers
import NIOCore

/// Run-time switches and counters for the credential lifecycle (issue 4): renewal counts, tenant discovery, 421.
extension SuperOfficeStandIn {
    /// Successful `PartnerSystemUser/Authenticate` exchanges so far (count attempts with `receivedCount`).
    public var systemUserAuthenticationCount: Int {
        core.state.withLockedValue { $0.systemUserAuthentications }
    }

    /// Successful OAuth token grants so far (count attempts with `receivedCount`).
    public var tokenGrantCount: Int {
        core.state.withLockedValue { $0.tokenGrants }
    }

    /// When on, every `/{context}/api` call answers 421 "Wrong subdomain used to access tenant".
    public func setMisdirected(_ on: Bool) {
        core.state.withLockedValue { $0.misdirected = on }
    }

    /// What `/api/state/{context}` reports: the `State`, `IsRunning` (nil = derived from the state) and the `Api`
    /// URL to advertise (nil = this server).
    public func setTenantState(_ tenantState: String, isRunning: Bool? = nil, apiURL: String? = nil) {
        core.state.withLockedValue { $0.tenant = TenantStatus(state: tenantState, isRunning: isRunning, apiURL: apiURL) }
    }

    /// Makes the token endpoint accept `refreshToken` for `user`.
    public func addRefreshToken(_ refreshToken: String, user: String) {
        core.state.withLockedValue { $0.refreshTokens[refreshToken] = user }
    }

    /// Revokes a refresh token (as a tenant administrator withdrawing consent would).
    public func revokeRefreshToken(_ refreshToken: String) {
        _ = core.state.withLockedValue { $0.refreshTokens.removeValue(forKey: refreshToken) }
    }

    /// Moves the stand-in's clock forward (credential lifetimes, signed-token windows, entity dates), so expiry
    /// can be tested without sleeping.
    public func advanceClock(by duration: Duration) {
        core.state.withLockedValue { $0.clockOffset = $0.clockOffset + TimeAmount(duration) }
    }
}
