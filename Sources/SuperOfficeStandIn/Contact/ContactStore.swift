/// The in-memory Contact table behind `/api/v1/Contact`, seeded deterministically with ids 1...30.
struct ContactStore: Sendable {
    private(set) var records: [Int: ContactRecord] = [:]
    private var nextId = 31

    private static let seedEpoch = CivilDateTime(year: 2024, month: 1, day: 15, hour: 9).epochSeconds
    private static let seedNames = [
        "Nordlys Maskin AS", "Fjord Logistics", "Bergen Byggvare", "Tromsø Fisk", "Aurora Consulting", "Kvarts Data",
    ]

    init() {
        for id in 1...30 {
            let epoch = Self.seedEpoch + Int64(id * 3600)
            records[id] = ContactRecord(
                id: id,
                values: [
                    "Name": "\(Self.seedNames[id % Self.seedNames.count]) \(id)", "Department": id % 2 == 0 ? "Sales" : "",
                    "OrgNr": "\(900_000_000 + id)", "Number1": "\(1000 + id)", "Country": "Norway", "Category": "Customer",
                ],
                createdEpoch: epoch, updatedEpoch: epoch, createdBy: "SYSTEM", updatedBy: "SYSTEM"
            )
        }
    }

    func record(_ id: Int) -> ContactRecord? {
        records[id]
    }

    mutating func save(_ record: ContactRecord) {
        records[record.id] = record
    }

    mutating func remove(_ id: Int) {
        records[id] = nil
    }

    mutating func create(values: [String: String], epoch: Int64, user: String) -> ContactRecord {
        let record = ContactRecord(id: nextId, values: values, createdEpoch: epoch, updatedEpoch: epoch, createdBy: user, updatedBy: user)
        nextId += 1
        records[record.id] = record
        return record
    }
}
