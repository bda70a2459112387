import DequeModule

/// In-flight slots of one key with a first-come, first-served queue: a freed slot goes straight to the caller
/// that has waited longest, so no waiter is overtaken by a newcomer or starved by unlucky polling.
///
/// A value that takes events and says what happens, so its rules are tested without loops or timers
/// (`ConcurrencyLimiter` holds one per key and runs the promises and deadlines).
struct SlotQueue<Waiter: Equatable>: Sendable where Waiter: Sendable {
    private(set) var inFlight = 0
    private(set) var waiting = Deque<Waiter>()

    /// Takes a slot if one is free and nobody waits ahead; true when taken.
    mutating func tryAcquire(limit: Int) -> Bool {
        guard waiting.isEmpty, inFlight < limit else { return false }
        inFlight += 1
        return true
    }

    /// Joins the end of the queue (after `tryAcquire` said no).
    mutating func enqueue(_ waiter: Waiter) {
        waiting.append(waiter)
    }

    /// A slot is given back. Returns the waiter it passes to (the slot stays taken, now theirs), or nil when
    /// nobody waits (the slot is free).
    mutating func release() -> Waiter? {
        if let next = waiting.popFirst() { return next }
        inFlight = max(0, inFlight - 1)
        return nil
    }

    /// A waiter gives up (its deadline passed). False when it is no longer queued: it was handed a slot.
    mutating func cancel(_ waiter: Waiter) -> Bool {
        guard let index = waiting.firstIndex(of: waiter) else { return false }
        waiting.remove(at: index)
        return true
    }

    /// Nothing in flight and nobody waiting: the key's entry can go.
    var isIdle: Bool { inFlight == 0 && waiting.isEmpty }
}
