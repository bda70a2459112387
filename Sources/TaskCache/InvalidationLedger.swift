/// Remembers when each associate's answers were last invalidated, so a fill that read upstream before a write
/// and arrives after it is never stored as fresh (the read-your-writes race).
///
/// Time is an epoch counter that advances on every invalidation. A fill notes the epoch when it starts; it may
/// store its answer only if none of its associates was invalidated since. When more associates are tracked
/// than `capacity`, the ledger forgets them all and records one invalidation of everything instead: exact for
/// what matters (no stale fill is ever stored), conservative for the rest (fills in flight are not stored).
/// Not thread-safe; `TaskCacheStore` keeps it under its lock, with the entries.
struct InvalidationLedger {
    /// Advances on every invalidation.
    private(set) var epoch: UInt64 = 0
    /// The epoch of the last invalidation of everything.
    private var everything: UInt64 = 0
    private var byAssociate: [Int32: UInt64] = [:]
    let capacity: Int

    init(capacity: Int = 65_536) {
        self.capacity = max(capacity, 1)
    }

    /// Records an invalidation of some associates' answers.
    mutating func record(associates: some Sequence<Int32>) {
        epoch &+= 1
        for id in associates {
            byAssociate[id] = epoch
        }
        if byAssociate.count > capacity {
            recordEverything()
        }
    }

    /// Records an invalidation of every answer.
    mutating func recordEverything() {
        epoch &+= 1
        everything = epoch
        byAssociate.removeAll(keepingCapacity: false)
    }

    /// The epoch of the last invalidation touching any of `associates`: a request for them must not join a
    /// fill that started before it.
    func generation(of associates: AssociateSet) -> UInt64 {
        var latest = everything
        for id in associates.ids {
            if let last = byAssociate[id], last > latest { latest = last }
        }
        return latest
    }

    /// Whether an answer for `associates`, read by a fill that started at `startEpoch`, is still current.
    func allows(_ associates: AssociateSet, readAt startEpoch: UInt64) -> Bool {
        generation(of: associates) <= startEpoch
    }
}
