import NIOHTTP1

/// Hop-by-hop headers (RFC 9110 §7.6.1) never cross the gateway in either direction.
public enum HopByHop {
    /// Always hop-by-hop, whatever `Connection` says.
    static let fixed: Set<String> = ["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade"]

    /// Removes the fixed hop-by-hop headers, every `Proxy-*` header, and each header `Connection` names.
    public static func strip(_ headers: inout HTTPHeaders) {
        var named = Set<String>()
        for value in headers["Connection"] {
            for token in value.split(separator: ",") {
                named.insert(token.trimmingSpaces().lowercased())
            }
        }
        headers = headers.filtered { name in
            let lower = name.lowercased()
            return !(fixed.contains(lower) || lower.hasPrefix("proxy-") || named.contains(lower))
        }
    }
}

extension HTTPHeaders {
    /// A copy keeping only the headers for which `keep` is true, in order.
    func filtered(_ keep: (String) -> Bool) -> HTTPHeaders {
        var out = HTTPHeaders()
        out.reserveCapacity(count)
        for (name, value) in self where keep(name) {
            out.add(name: name, value: value)
        }
        return out
    }
}
