/// One contact of the in-memory REST store; `values` holds the client-updatable string properties.
struct ContactRecord: Sendable, Equatable {
    var id: Int
    var values: [String: String]
    var createdEpoch: Int64
    var updatedEpoch: Int64
    var createdBy: String
    var updatedBy: String

    /// The properties PUT, PATCH and POST may set, in wire order.
    static let updatableKeys = [
        "Name", "Department", "OrgNr", "Number1", "Number2", "Country", "Phone", "Email", "Url", "Category", "Business",
    ]

    /// The canonical spelling of an updatable key, matched case-insensitively.
    static func canonicalKey(_ key: String) -> String? {
        let wanted = key.lowercased()
        return updatableKeys.first { $0.lowercased() == wanted }
    }

    /// The ContactEntity carrier; Created/Updated are always UTC (reference §3).
    func json(options: RenderOptions) -> JSONValue {
        var members = [JSONMember("ContactId", .int(Int64(id)))]
        for key in Self.updatableKeys {
            members.append(JSONMember(key, .string(values[key] ?? "")))
        }
        members.append(contentsOf: [
            JSONMember("CreatedDate", .string(options.utcDate(createdEpoch))),
            JSONMember("UpdatedDate", .string(options.utcDate(updatedEpoch))),
            JSONMember("CreatedBy", .string(createdBy)),
            JSONMember("UpdatedBy", .string(updatedBy)),
            JSONMember("TableRight", .object([
                JSONMember("Mask", .string("Select, Update, Insert, Delete")),
                JSONMember("Reason", .string("")),
            ])),
            JSONMember("FieldProperties", .object([])),
        ])
        return .object(members)
    }
}
