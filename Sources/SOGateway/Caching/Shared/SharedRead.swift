import TaskCache

/// What one shared-tier read returned: each asked entry (nil when absent, dead or rejected) and the ticket
/// for storing what the fill brings.
struct SharedRead: Sendable {
    var entries: [SharedEntry?]
    var ticket: SharedTicket

    /// Whether every asked entry was there.
    var isComplete: Bool { entries.allSatisfy { $0 != nil } }
}
