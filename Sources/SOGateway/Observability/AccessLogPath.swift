import Foundation

/// The request target as the access log shows it: the path, and of the query only the parameter names.
///
/// Query values are where partners put filters, ids and, by mistake, secrets (`?api_key=…`), so none is ever
/// written. A parameter name is kept only when it looks like one (`$select`, `top`, `ids[]`, up to 64 of
/// `A-Za-z0-9$_.-[]`); anything else is shown as `*`. A parameter without `=` is a bare value and is dropped.
/// Absolute-form targets lose their scheme and authority (which could hold `user:password@`), and fragments
/// are dropped.
enum AccessLogPath {
    /// The longest path kept; longer ones are cut and end in `…`.
    static let maxPathBytes = 1024
    static let maxNameBytes = 64

    static func redacting(_ target: String) -> String {
        var rest = Substring(target)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        if !rest.hasPrefix("/") {
            guard let scheme = rest.range(of: "://") else { return rest == "*" ? "*" : "-" }
            let afterAuthority = rest[scheme.upperBound...]
            guard let slash = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
            rest = afterAuthority[slash...]
        }
        let path: Substring
        let query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            path = rest[..<mark]
            query = rest[rest.index(after: mark)...]
        } else {
            path = rest
            query = nil
        }
        var result = path.utf8.count > maxPathBytes ? String(decoding: path.utf8.prefix(maxPathBytes), as: UTF8.self) + "…" : String(path)
        if path.isEmpty { result = "/" }
        guard let query else { return result }
        var names = [String]()
        for parameter in query.split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let name = parameter[..<equals]
            names.append(isPlainName(name) ? "\(name)=" : "*=")
        }
        if !names.isEmpty {
            result += "?" + names.joined(separator: "&")
        }
        return result
    }

    private static func isPlainName(_ name: Substring) -> Bool {
        guard !name.isEmpty, name.utf8.count <= maxNameBytes else { return false }
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "$"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "-"), UInt8(ascii: "["), UInt8(ascii: "]"):
                continue
            default:
                return false
            }
        }
        return true
    }
}
