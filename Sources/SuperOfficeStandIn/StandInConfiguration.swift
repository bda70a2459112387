import GatewayClock

/// Everything a test or the demo can set about the simulated tenant; every [I] guess from the reference is a knob here.
public struct StandInConfiguration: Sendable {
    /// The tenant (context identifier) served under `/{context}/api`.
    public var context: String
    /// Onsite-style Basic credentials: user → password.
    public var basicUsers: [String: String]
    /// Pre-issued `7T:` tickets: ticket → user.
    public var tickets: [String: String]
    /// Pre-issued `8A:` access tokens: token → user.
    public var bearerTokens: [String: String]
    /// Valid `SO-AppToken` values (client secrets).
    public var appTokens: Set<String>
    /// Onsite mode accepts Basic; Online rejects it (reference §1.1).
    public var allowBasic: Bool
    /// Online requires `SO-AppToken` next to `SOTicket` (reference §1.2).
    public var requireAppTokenWithTicket: Bool
    /// Honour `Accept-Encoding: gzip` (only when asked).
    public var gzipResponses: Bool
    /// Session cookie value → session (user + XSRF token).
    public var sessions: [String: StandInSession]

    /// Users who cannot see tasks whose Id is divisible by 3, so answers differ between upstream identities.
    public var restrictedTaskUsers: Set<String>
    /// Associates that exist (besides 0, the system); others have no tasks.
    public var knownAssociates: ClosedRange<Int>
    /// The database serial (`DatabaseSerialNumber`, JWT audience `spn:<serial>`).
    public var databaseSerial: String
    /// Status for rejected credentials (expired, unknown or missing): 401 per [C]; 403 is the [I] alternative some
    /// docs mention, so the gateway's `upstream.renewal.on_status` can be tried against both (`--expired-status`).
    public var unauthorizedStatus: Int
    /// Sliding lifetime of tickets (reference §1.4: 6 h, reset on each use).
    public var ticketLifetime: Duration
    /// Lifetime of access tokens, also sent as `expires_in` (3600 s per the flow docs; one page says 20 min).
    public var accessTokenLifetime: Duration
    /// [I] An unknown `SO-TimeZone` is ignored (false) or answered with 400 (true).
    public var rejectUnknownTimeZone: Bool
    /// [I] `GET /{context}/api` (version discovery) without credentials.
    public var anonymousVersionEndpoint: Bool
    /// [I] `+01:00` offsets (false) or the older doc's `+0100` (true) with `includeTZOffset`.
    public var compactTimeZoneOffsets: Bool
    /// Bodies at most this large are never gzipped.
    public var gzipThresholdBytes: Int
    /// Larger request bodies get 413.
    public var maxRequestBodyBytes: Int

    /// Registered system users: system user token → (the partner app's RSA public key in PEM, the CRM user).
    public var systemUsers: [String: (publicKeyPEM: String, user: String)]
    /// [I] How far the signed token's `yyyyMMddHHmm` UTC timestamp may be from now (either way).
    public var systemUserTimestampWindow: Duration
    /// How long the system-user JWT (not the ticket inside it) is valid.
    public var systemUserJWTLifetime: Duration
    /// OAuth clients: client_id → client_secret (the client secret is also the app token).
    public var oauthClients: [String: String]
    /// Refresh tokens the token endpoint accepts: refresh token → user.
    public var refreshTokens: [String: String]
    /// `State` reported by `/api/state/{context}` (`Running`, `OnlineMaintenance`, `OfflineMaintenance`, ...).
    public var tenantState: String
    /// The `Api` URL `/api/state/{context}` advertises; nil = this server's base + `/{context}/api`.
    public var advertisedAPIURL: String?
    /// Start as the wrong host for the tenant: every `/{context}/api` call answers 421.
    public var misdirected: Bool
    /// The stand-in's own RSA signing key (PEM); nil = a fresh 2048-bit key, made on first use.
    public var signingKeyPEM: String?
    /// How often a task that is not final moves one step along New → Aquired → Started (progress rising) →
    /// Succeeded, as SuperOffice's batch runner does (reference §7a); nil = tasks keep their state (deterministic).
    public var jobStep: Duration?
    /// The stand-in's source of time (credential lifetimes, entity dates, jobs moving on); tests pass a manual one.
    public var clock: GatewayClock

    public init(
        context: String = "Cust12345",
        basicUsers: [String: String] = ["alice": "alice-password", "bob": "bob-password"],
        tickets: [String: String] = ["7T:alice-ticket": "alice", "7T:bob-ticket": "bob"],
        bearerTokens: [String: String] = ["8A:Cust12345.alice-token": "alice", "8A:Cust12345.bob-token": "bob"],
        appTokens: Set<String> = ["demo-app-token"],
        allowBasic: Bool = true,
        requireAppTokenWithTicket: Bool = true,
        gzipResponses: Bool = true,
        sessions: [String: StandInSession] = [:],
        restrictedTaskUsers: Set<String> = ["bob"],
        knownAssociates: ClosedRange<Int> = 1...999_999,
        databaseSerial: String = "1139903",
        unauthorizedStatus: Int = 401,
        ticketLifetime: Duration = .seconds(6 * 3600),
        accessTokenLifetime: Duration = .seconds(3600),
        rejectUnknownTimeZone: Bool = false,
        anonymousVersionEndpoint: Bool = false,
        compactTimeZoneOffsets: Bool = false,
        gzipThresholdBytes: Int = 256,
        maxRequestBodyBytes: Int = 8 * 1024 * 1024,
        systemUsers: [String: (publicKeyPEM: String, user: String)] = [:],
        systemUserTimestampWindow: Duration = .seconds(300),
        systemUserJWTLifetime: Duration = .seconds(600),
        oauthClients: [String: String] = ["demo-client": "demo-app-token"],
        refreshTokens: [String: String] = ["demo-refresh-token": "alice"],
        tenantState: String = "Running",
        advertisedAPIURL: String? = nil,
        misdirected: Bool = false,
        signingKeyPEM: String? = nil,
        jobStep: Duration? = nil,
        clock: GatewayClock = .system
    ) {
        self.context = context
        self.basicUsers = basicUsers
        self.tickets = tickets
        self.bearerTokens = bearerTokens
        self.appTokens = appTokens
        self.allowBasic = allowBasic
        self.requireAppTokenWithTicket = requireAppTokenWithTicket
        self.gzipResponses = gzipResponses
        self.sessions = sessions
        self.restrictedTaskUsers = restrictedTaskUsers
        self.knownAssociates = knownAssociates
        self.databaseSerial = databaseSerial
        self.unauthorizedStatus = unauthorizedStatus
        self.ticketLifetime = ticketLifetime
        self.accessTokenLifetime = accessTokenLifetime
        self.rejectUnknownTimeZone = rejectUnknownTimeZone
        self.anonymousVersionEndpoint = anonymousVersionEndpoint
        self.compactTimeZoneOffsets = compactTimeZoneOffsets
        self.gzipThresholdBytes = gzipThresholdBytes
        self.maxRequestBodyBytes = maxRequestBodyBytes
        self.systemUsers = systemUsers
        self.systemUserTimestampWindow = systemUserTimestampWindow
        self.systemUserJWTLifetime = systemUserJWTLifetime
        self.oauthClients = oauthClients
        self.refreshTokens = refreshTokens
        self.tenantState = tenantState
        self.advertisedAPIURL = advertisedAPIURL
        self.misdirected = misdirected
        self.signingKeyPEM = signingKeyPEM
        self.jobStep = jobStep
        self.clock = clock
    }
}
