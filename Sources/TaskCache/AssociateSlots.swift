/// The cache slots whose answers cover one associate: one slot inline, or a set once there are several.
enum AssociateSlots {
    case one(Int)
    case many(Set<Int>)

    var all: [Int] {
        switch self {
        case .one(let slot): return [slot]
        case .many(let slots): return Array(slots)
        }
    }

    func inserting(_ slot: Int) -> AssociateSlots {
        switch self {
        case .one(let existing): return existing == slot ? self : .many([existing, slot])
        case .many(var slots):
            slots.insert(slot)
            return .many(slots)
        }
    }

    /// Nil when no slot is left.
    func removing(_ slot: Int) -> AssociateSlots? {
        switch self {
        case .one(let existing): return existing == slot ? nil : self
        case .many(var slots):
            slots.remove(slot)
            if slots.count == 1, let last = slots.first { return .one(last) }
            return slots.isEmpty ? nil : .many(slots)
        }
    }
}
