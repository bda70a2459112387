import TaskCache

/// What a fill read from the shared tier before asking upstream: the epoch and its associates' generations,
/// exactly as Redis held them, checked again when it stores (`SharedTierScripts.store`).
struct SharedTicket: Sendable, Equatable {
    var epoch: String
    var generations: [Int32: String]

    /// The generations of `associates` as read ("0" for one never written).
    func generations(of associates: AssociateSet) -> [String] {
        associates.ids.map { generations[$0] ?? "0" }
    }
}
