/// A set of associate ids in one canonical form (sorted ascending, unique), so requests that list the same
/// associates in any order or with repeats share one cache key.
public struct AssociateSet: Hashable, Sendable {
    /// The ids, sorted ascending, without duplicates.
    public let ids: [Int32]

    /// Normalises any sequence of ids.
    /// - Parameter ids: ids in any order, possibly repeated.
    public init<S: Sequence>(_ ids: S) where S.Element == Int32 {
        var sorted = Array(ids)
        self.init(sorting: &sorted)
    }

    /// Sorts and de-duplicates `ids` in place (no copy when the caller holds the only reference).
    init(sorting ids: inout [Int32]) {
        ids.sort()
        var kept = 0
        for index in ids.indices where kept == 0 || ids[kept - 1] != ids[index] {
            ids[kept] = ids[index]
            kept += 1
        }
        ids.removeLast(ids.count - kept)
        self.ids = ids
    }

    /// The number of distinct ids.
    public var count: Int { ids.count }

    /// Whether the set is empty.
    public var isEmpty: Bool { ids.isEmpty }

    /// Whether the set contains an id (binary search).
    /// - Parameter id: the associate id.
    public func contains(_ id: Int32) -> Bool {
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < ids.count && ids[low] == id
    }
}
