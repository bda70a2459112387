/// What `/api/state/{context}` reports; switchable at run time to simulate maintenance or a moved tenant.
struct TenantStatus: Sendable {
    var state: String
    /// nil = derived: true only for Running and OnlineMaintenance (reference §0).
    var isRunning: Bool?
    /// nil = this server's own API URL.
    var apiURL: String?

    var running: Bool {
        isRunning ?? ["running", "onlinemaintenance"].contains(state.lowercased())
    }
}
