/// The `http.route` of a partner request: its path with numeric segments (record ids) as `{id}`, so spans of
/// `/api/v1/Contact/5` and `/api/v1/Contact/6` group under `/api/v1/Contact/{id}`.
enum RouteTemplate {
    static func of(_ target: String) -> String {
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> Substring in
            !segment.isEmpty && segment.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ? "{id}" : segment
        }
        return segments.joined(separator: "/")
    }
}
