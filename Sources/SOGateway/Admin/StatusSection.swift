/// A part of the status page: a list of named values, or a table with one row per client or identity.
/// `/status.json` writes a section as an object under `key` (tables as an object of rows by row key).
enum StatusSection: Sendable {
    case values(key: String, title: String, fields: [(key: String, label: String, value: StatusValue)])
    case table(key: String, title: String, rowTitle: String, columns: [(key: String, label: String)], rows: [(key: String, values: [StatusValue])])
}
