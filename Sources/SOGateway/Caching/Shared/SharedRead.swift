import TaskCache

/// What one shared-tier read returned: each asked entry (nil when absent, dead or rejected), the ticket
/// for storing what the fill brings, and whether this replica claimed the fill.
struct SharedRead: Sendable {
    var entries: [SharedEntry?]
    var ticket: SharedTicket
    var claim: SharedClaim

    /// Whether every asked entry was there.
    var isComplete: Bool { entries.allSatisfy { $0 != nil } }
}
